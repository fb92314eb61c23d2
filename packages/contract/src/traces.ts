import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination, Timestamp, Uuid } from './common';

export const TRACE_LIMITS = {
  traceVersion: 64,
  prompt: 50_000,
  finalAnswer: 50_000,
  steps: 1000,
  stepType: 64,
  stepContent: 20_000,
  batch: 1000,
} as const;

// additionalProperties:false makes the validator drop unknown fields (API.md §0.6).
export const TraceStep = Type.Object(
  {
    i: Type.Integer({ minimum: 0 }),
    type: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.stepType }),
    content: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.stepContent }),
  },
  { additionalProperties: false },
);
export type TraceStep = Static<typeof TraceStep>;

export const TraceMeta = Nullable(Type.Record(Type.String(), Type.Unknown()));

export const ReasoningTrace = Type.Object(
  {
    trace_version: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.traceVersion }),
    prompt: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.prompt }),
    final_answer: Type.String({ minLength: 1, maxLength: TRACE_LIMITS.finalAnswer }),
    steps: Type.Array(TraceStep, { minItems: 1, maxItems: TRACE_LIMITS.steps }),
    meta: Type.Optional(TraceMeta),
  },
  { additionalProperties: false, $id: 'ReasoningTrace' },
);
export type ReasoningTrace = Static<typeof ReasoningTrace>;

/** The stored payload always carries `meta` (null when absent). */
export type TracePayload = Omit<ReasoningTrace, 'meta'> & { meta: Record<string, unknown> | null };

export const TraceCreated = Type.Object({ id: Uuid, created_at: Timestamp, trace_version: Type.String() });
export type TraceCreated = Static<typeof TraceCreated>;

// No maxItems: an over-long batch is a 400 with its own detail (API.md §3.2), checked after validation.
export const TraceBatch = Type.Array(ReasoningTrace);
export const TraceBatchCreated = Type.Object({ created_count: Type.Integer(), traces: Type.Array(TraceCreated) });
export type TraceBatchCreated = Static<typeof TraceBatchCreated>;

export const TraceDetail = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  trace_version: Type.String(),
  payload: Type.Unsafe<TracePayload>(Type.Record(Type.String(), Type.Unknown())),
});
export type TraceDetail = Static<typeof TraceDetail>;

export const TraceList = Type.Object({ data: Type.Array(TraceCreated), pagination: Pagination });
export type TraceList = Static<typeof TraceList>;

export const TraceIdParams = Type.Object({ trace_id: Uuid });

export const ScoreRequest = Type.Object({ criteria: Type.Literal('baseline', { default: 'baseline' }) });
export type ScoreRequest = Static<typeof ScoreRequest>;

export const ScoreDetails = Type.Object({
  step_count: Type.Integer(),
  avg_step_length: Type.Number(),
  total_chars: Type.Integer(),
  step_score: Type.Number(),
  length_score: Type.Number(),
  criteria: Type.Literal('baseline'),
  scored_at: Timestamp,
});
export type ScoreDetails = Static<typeof ScoreDetails>;

export const ScoreResult = Type.Object({ trace_id: Uuid, score: Type.Number(), details: ScoreDetails });
export type ScoreResult = Static<typeof ScoreResult>;

export const CompareQuery = Type.Object({ base: Uuid, other: Uuid });

export const CompareSide = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  score: Type.Number(),
  trace_version: Type.String(),
  payload: TraceDetail.properties.payload,
});
export const CompareResult = Type.Object({ base: CompareSide, other: CompareSide });
export type CompareResult = Static<typeof CompareResult>;
