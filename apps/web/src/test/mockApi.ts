import { vi } from 'vitest';

export interface MockRequest {
  method: string;
  url: URL;
  path: string;
  body: unknown;
  headers: Headers;
}

type Handler = (req: MockRequest) => unknown;
/** A route answer: a Response, a handler, or any other value (sent as 200 JSON). */
export type RouteValue = Response | Handler | unknown;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function apiError(status: number, detail: unknown): Response {
  return json({ detail }, status);
}

export const emptyPage = (limit = 20) => ({ data: [], pagination: { limit, offset: 0, next_offset: null } });

export const TUNIX_MISSING = {
  available: false,
  version: null,
  runtime_required: true,
  message: 'Tunix runtime not installed. Dry-run mode available for validation.',
};

/** Answers every status poll and list so a full-page render works; tests override routes. */
export const DEFAULT_ROUTES: Record<string, RouteValue> = {
  'GET /api/health': { status: 'healthy' },
  'GET /api/redi/health': { status: 'healthy' },
  'GET /api/ungar/status': { available: true, version: '0.1.0' },
  'GET /api/tunix/status': TUNIX_MISSING,
  'GET /api/traces': emptyPage(10),
  'GET /api/datasets': emptyPage(),
  'GET /api/tunix/runs': emptyPage(),
};

/**
 * Stubs the global fetch with a router keyed by `METHOD /path` (query string ignored for
 * matching; handlers can read it). Unknown routes answer 404 like the server.
 */
export function mockApi(routes: Record<string, RouteValue> = {}) {
  const table = { ...DEFAULT_ROUTES, ...routes };
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const req: MockRequest = { method, url, path: url.pathname, body, headers: new Headers(init.headers) };
    calls.push(req);
    const route = table[`${method} ${url.pathname}`];
    if (route === undefined) return apiError(404, 'Not Found');
    const value = typeof route === 'function' ? await (route as Handler)(req) : route;
    if (value instanceof Error) throw value;
    return value instanceof Response ? value.clone() : json(value);
  });
  vi.stubGlobal('fetch', fetchMock);
  const callsTo = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);
  return { calls, callsTo, fetchMock, routes: table };
}
