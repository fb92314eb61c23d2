import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ApiClient, createClient } from '@tunix-rt/client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

const ApiContext = createContext<ApiClient | null>(null);

/** The one typed client every panel uses (relative URLs: the API server serves this app). */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi must be used inside <AppProviders>');
  return client;
}

/**
 * The API key lives in sessionStorage: it survives a reload of this tab but is dropped when the
 * tab closes, so a bearer secret does not linger on a shared machine (nor leak into other tabs)
 * the way localStorage would keep it.
 */
export const API_KEY_STORAGE_KEY = 'tunix-rt.apiKey';

// Storage can throw (disabled storage, sandboxed frames): the key then lasts for this page only.
function readStoredKey(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(API_KEY_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

function writeStoredKey(key: string | null): void {
  try {
    if (key) globalThis.sessionStorage?.setItem(API_KEY_STORAGE_KEY, key);
    else globalThis.sessionStorage?.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // See readStoredKey.
  }
}

export interface ApiKeyState {
  /** Whether requests carry `Authorization: Bearer <key>`; the key itself is not exposed. */
  hasKey: boolean;
  setKey: (key: string) => void;
  clearKey: () => void;
}

const ApiKeyContext = createContext<ApiKeyState | null>(null);

export function useApiKey(): ApiKeyState {
  const state = useContext(ApiKeyContext);
  if (!state) throw new Error('useApiKey must be used inside <AppProviders>');
  return state;
}

export function createQueryClient(options: { retry?: number | false } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: options.retry ?? 1, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

/**
 * Builds the client from the stored API key and rebuilds it when the key changes. An injected
 * `client` (tests) is used as is: the key state still works, but does not change that client.
 */
export function AppProviders(props: { children: ReactNode; client?: ApiClient; queryClient?: QueryClient }) {
  const [apiKey, setApiKey] = useState(readStoredKey);
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const injected = props.client;
  const client = useMemo(() => injected ?? createClient({ apiKey: apiKey ?? undefined }), [injected, apiKey]);

  const setKey = useCallback((key: string) => {
    const trimmed = key.trim();
    writeStoredKey(trimmed || null);
    setApiKey(trimmed || null);
  }, []);
  const clearKey = useCallback(() => {
    writeStoredKey(null);
    setApiKey(null);
  }, []);
  const keyState = useMemo<ApiKeyState>(
    () => ({ hasKey: apiKey !== null, setKey, clearKey }),
    [apiKey, setKey, clearKey],
  );

  // Refetch everything with the new client. This runs after the panels' own effects have handed
  // their queries the new client, so the refetch already carries (or drops) the header.
  const firstKey = useRef(apiKey);
  useEffect(() => {
    if (firstKey.current === apiKey) return;
    firstKey.current = apiKey;
    void queryClient.invalidateQueries();
  }, [apiKey, queryClient]);

  return (
    <ApiKeyContext.Provider value={keyState}>
      <ApiContext.Provider value={client}>
        <QueryClientProvider client={queryClient}>{props.children}</QueryClientProvider>
      </ApiContext.Provider>
    </ApiKeyContext.Provider>
  );
}
