import { Type } from '@sinclair/typebox';
import {
  ErrorDetail,
  ManifestRequest,
  ManifestResponse,
  Run,
  RunIdParams,
  RunList,
  RunListQuery,
  RunLogsPage,
  RunLogsQuery,
  RunMetrics,
  RunQuery,
  RunRequest,
  RunStatusView,
  TunixStatus,
  Unprocessable,
} from '@tunix-rt/contract';
import * as logs from '@tunix-rt/core/runs/logs-service';
import type { RunsRuntime } from '@tunix-rt/core/runs/runtime';
import * as runs from '@tunix-rt/core/runs/service';
import { generateManifest } from '@tunix-rt/core/tunix/manifest-service';
import { toTunixStatus } from '@tunix-rt/core/tunix/status';
import { sendEvents } from '../http/sse';
import type { TypedApp } from '../types';

const errors = { 404: ErrorDetail, 422: Unprocessable };
const busy = { 409: ErrorDetail };
const StreamQuery = Type.Object({ offset: Type.Integer({ minimum: 0, default: 0 }) });

export function registerTunixRoutes(app: TypedApp, rt: RunsRuntime, closing: AbortSignal): void {
  const { db } = rt;
  const tags = ['tunix'];

  app.get(
    '/api/tunix/status',
    {
      schema: {
        tags,
        summary: 'Tunix runtime availability (probes TUNIX_CLI --version)',
        response: { 200: TunixStatus },
      },
    },
    async () => toTunixStatus(await rt.probe()),
  );

  app.post(
    '/api/tunix/sft/manifest',
    {
      schema: {
        tags,
        summary: 'Generate the YAML training manifest (returned, not saved)',
        body: ManifestRequest,
        response: { 201: ManifestResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await generateManifest(db, req.body)),
  );

  app.post(
    '/api/tunix/run',
    {
      schema: {
        tags,
        summary: 'Run a dry-run or a local training run: sync (200, finished run) or ?mode=async (202, pending)',
        querystring: RunQuery,
        body: RunRequest,
        response: { 200: Run, 202: Run, 422: errors[422], 501: ErrorDetail },
      },
    },
    async (req, reply) => {
      const execution = req.query.mode === 'async' ? 'async' : 'sync';
      return reply.code(execution === 'async' ? 202 : 200).send(await runs.submitRun(rt, req.body, execution));
    },
  );

  app.get(
    '/api/tunix/runs',
    {
      schema: {
        tags,
        summary: 'Run history, newest first; filters combine with AND',
        querystring: RunListQuery,
        response: { 200: RunList, 422: errors[422] },
      },
    },
    async (req) => runs.listRuns(db, req.query),
  );

  const byId = { params: RunIdParams, tags };

  app.get(
    '/api/tunix/runs/:run_id',
    { schema: { ...byId, summary: 'One run with its output', response: { 200: Run, ...errors } } },
    async (req) => runs.getRun(db, req.params.run_id),
  );

  app.get(
    '/api/tunix/runs/:run_id/status',
    { schema: { ...byId, summary: 'Small polling view of a run', response: { 200: RunStatusView, ...errors } } },
    async (req) => runs.getRunStatus(db, req.params.run_id),
  );

  app.post(
    '/api/tunix/runs/:run_id/cancel',
    {
      schema: {
        ...byId,
        summary: 'Cancel a pending or running run (200 when stopped, 202 while still stopping)',
        response: { 200: RunStatusView, 202: RunStatusView, ...errors, ...busy },
      },
    },
    async (req, reply) => {
      const result = await runs.cancelRun(rt, req.params.run_id);
      return reply.code(result.done ? 200 : 202).send(result.view);
    },
  );

  app.post(
    '/api/tunix/runs/:run_id/retry',
    {
      schema: {
        ...byId,
        summary: 'Queue a finished run again as a new run (retry_of = this run)',
        response: { 202: Run, ...errors, ...busy, 501: ErrorDetail },
      },
    },
    async (req, reply) => reply.code(202).send(await runs.retryRun(rt, req.params.run_id)),
  );

  app.delete(
    '/api/tunix/runs/:run_id',
    {
      schema: {
        ...byId,
        summary: 'Delete a finished run, its logs and metrics',
        response: { 204: Type.Null(), ...errors, ...busy },
      },
    },
    async (req, reply) => {
      await runs.deleteRun(rt, req.params.run_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/tunix/runs/:run_id/logs',
    {
      schema: {
        ...byId,
        summary: 'Full run output in chunks after `offset` (a seq)',
        querystring: RunLogsQuery,
        response: { 200: RunLogsPage, ...errors },
      },
    },
    async (req) => logs.getLogs(db, req.params.run_id, req.query),
  );

  app.get(
    '/api/tunix/runs/:run_id/logs/stream',
    {
      schema: {
        ...byId,
        summary: 'Live run output as Server-Sent Events: `log` (a RunLogChunk) …, then `end` ({status})',
        querystring: StreamQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      await runs.requireRun(db, req.params.run_id);
      // A reconnecting EventSource resumes after the last chunk it saw.
      const lastId = Number(req.headers['last-event-id']);
      const offset = Number.isSafeInteger(lastId) && lastId > 0 ? lastId : req.query.offset;
      await sendEvents(
        req,
        reply,
        async function* (signal) {
          for await (const event of logs.followLogs(db, req.params.run_id, { offset, pollMs: 250, signal })) {
            if (event.type === 'log') yield { event: 'log', id: String(event.chunk.seq), data: event.chunk };
            else yield { event: 'end', data: { status: event.status } };
          }
        },
        { closing },
      );
    },
  );

  app.get(
    '/api/tunix/runs/:run_id/metrics',
    {
      schema: {
        ...byId,
        summary: 'Trainer metric points (JSON stdout lines with a step)',
        response: { 200: RunMetrics, ...errors },
      },
    },
    async (req) => logs.getMetrics(db, req.params.run_id),
  );
}
