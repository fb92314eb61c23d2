import {
  CompareQuery,
  CompareResult,
  ErrorDetail,
  PageQuery,
  ReasoningTrace,
  ScoreRequest,
  ScoreResult,
  TraceBatch,
  TraceBatchCreated,
  TraceCreated,
  TraceDetail,
  TraceIdParams,
  TraceList,
  Unprocessable,
} from '@tunix-rt/contract';
import * as traces from '@tunix-rt/core/traces/service';
import type { AppContext } from '../context';
import type { TypedApp } from '../types';

const errors = { 404: ErrorDetail, 422: Unprocessable };

export function registerTraceRoutes(app: TypedApp, ctx: AppContext): void {
  const { db } = ctx.database;
  const tags = ['traces'];

  app.post(
    '/api/traces',
    {
      bodyLimit: ctx.env.traceMaxBytes,
      schema: { tags, summary: 'Create one reasoning trace', body: ReasoningTrace, response: { 201: TraceCreated } },
    },
    async (req, reply) => reply.code(201).send(await traces.createTrace(db, req.body)),
  );

  app.post(
    '/api/traces/batch',
    {
      bodyLimit: ctx.env.batchMaxBytes,
      schema: {
        tags,
        summary: 'Create 1–1000 traces atomically',
        body: TraceBatch,
        response: { 201: TraceBatchCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await traces.createTraceBatch(db, req.body)),
  );

  // Registered before /api/traces/:trace_id (API.md §0.8); find-my-way prefers static segments anyway.
  app.get(
    '/api/traces/compare',
    {
      schema: {
        tags,
        summary: 'Two traces side by side with baseline scores',
        querystring: CompareQuery,
        response: { 200: CompareResult, ...errors },
      },
    },
    async (req) => traces.compareTraces(db, req.query.base, req.query.other),
  );

  app.get(
    '/api/traces/:trace_id',
    {
      schema: {
        tags,
        summary: 'One trace with its payload',
        params: TraceIdParams,
        response: { 200: TraceDetail, ...errors },
      },
    },
    async (req) => traces.getTrace(db, req.params.trace_id),
  );

  app.get(
    '/api/traces',
    { schema: { tags, summary: 'Traces, newest first', querystring: PageQuery, response: { 200: TraceList } } },
    async (req) => traces.listTraces(db, req.query),
  );

  app.post(
    '/api/traces/:trace_id/score',
    {
      schema: {
        tags,
        summary: 'Compute and store a baseline score',
        params: TraceIdParams,
        body: ScoreRequest,
        response: { 201: ScoreResult, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await traces.scoreTrace(db, req.params.trace_id)),
  );
}
