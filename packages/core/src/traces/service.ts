import { randomUUID } from 'node:crypto';
import type {
  CompareResult,
  ReasoningTrace,
  ScoreResult,
  TraceBatchCreated,
  TraceCreated,
  TraceDetail,
  TraceList,
} from '@tunix-rt/contract';
import { TRACE_LIMITS } from '@tunix-rt/contract';
import type { Db } from '../context';
import { badRequest, notFound, RequestValidationError } from '../errors';
import { checkPage, type Page, toPage } from '../pagination';
import { scoreBaseline } from '../scoring/baseline';
import { stepIndexIssues, toPayload } from './payload';
import * as repo from './repo';

const created = (row: { id: string; created_at: Date; trace_version: string }): TraceCreated => ({
  id: row.id,
  created_at: row.created_at.toISOString(),
  trace_version: row.trace_version,
});

export async function createTrace(db: Db, trace: ReasoningTrace): Promise<TraceCreated> {
  const issues = stepIndexIssues(trace, ['body']);
  if (issues.length) throw new RequestValidationError(issues);
  const row = { id: randomUUID(), created_at: new Date(), payload: toPayload(trace) };
  await repo.insertTraces(db, [row]);
  return created({ ...row, trace_version: trace.trace_version });
}

/** All-or-nothing (API.md §3.2): every element is validated before one INSERT. */
export async function createTraceBatch(db: Db, traces: ReasoningTrace[]): Promise<TraceBatchCreated> {
  const issues = traces.flatMap((t, index) => stepIndexIssues(t, ['body', index]));
  if (issues.length) throw new RequestValidationError(issues);
  if (traces.length === 0) throw badRequest('Batch must contain at least one trace');
  if (traces.length > TRACE_LIMITS.batch) {
    throw badRequest(`Batch size (${traces.length}) exceeds maximum (${TRACE_LIMITS.batch})`);
  }
  const now = new Date();
  const rows = traces.map((t) => ({ id: randomUUID(), created_at: now, payload: toPayload(t) }));
  await repo.insertTraces(db, rows);
  return {
    created_count: rows.length,
    traces: rows.map((r) => created({ ...r, trace_version: r.payload.trace_version })),
  };
}

export async function getTrace(db: Db, id: string): Promise<TraceDetail> {
  const row = await repo.findTrace(db, id);
  if (!row) throw notFound(`Trace ${id} not found`);
  return { ...created(row), payload: row.payload };
}

export async function listTraces(db: Db, page: Page): Promise<TraceList> {
  const { limit, offset } = checkPage(page);
  const rows = await repo.listTraces(db, limit + 1, offset);
  const result = toPage(rows, { limit, offset });
  return { data: result.data.map(created), pagination: result.pagination };
}

export async function scoreTrace(db: Db, id: string): Promise<ScoreResult> {
  const row = await repo.findTrace(db, id);
  if (!row) throw notFound(`Trace ${id} not found`);
  const { score, details } = scoreBaseline(row.payload.steps);
  const scoredAt = new Date();
  const fullDetails = { ...details, scored_at: scoredAt.toISOString() };
  await repo.insertScore(db, {
    id: randomUUID(),
    trace_id: id,
    criteria: 'baseline',
    score,
    details: fullDetails,
    created_at: scoredAt,
  });
  return { trace_id: id, score, details: fullDetails };
}

export async function compareTraces(db: Db, baseId: string, otherId: string): Promise<CompareResult> {
  const base = await repo.findTrace(db, baseId);
  if (!base) throw notFound(`Base trace ${baseId} not found`);
  const other = await repo.findTrace(db, otherId);
  if (!other) throw notFound(`Other trace ${otherId} not found`);
  const side = (row: repo.TraceRow) => ({
    id: row.id,
    created_at: row.created_at.toISOString(),
    score: scoreBaseline(row.payload.steps).score,
    trace_version: row.trace_version,
    payload: row.payload,
  });
  return { base: side(base), other: side(other) };
}
