import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RunsRuntime } from '@tunix-rt/core/runs/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSettings } from '../src/runs';
import { createRunsTestApp, makeDataset, type RunsTestApp, waitFor, waitForRun } from './fixtures/runs';

// Queued runs executed by the embedded worker: cancel, retry, delete, live logs, metrics and
// crash recovery, on PGlite and on PostgreSQL.
let t: RunsTestApp;
let key: string;
let baseUrl: string;
beforeAll(async () => {
  t = await createRunsTestApp({
    TUNIX_EMBEDDED_WORKER: 'true',
    TUNIX_WORKER_CONCURRENCY: '2',
    TUNIX_HEARTBEAT_SECONDS: '1',
    TUNIX_STALE_SECONDS: '2',
  });
  key = await makeDataset(t, 2);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

const submit = async (body: Record<string, unknown>) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tunix/run?mode=async',
    payload: { dataset_key: key, model_id: 'fake', ...body },
  });
  expect(res.statusCode).toBe(202);
  return res.json();
};
const status = async (runId: string) => (await t.app.inject({ url: `/api/tunix/runs/${runId}/status` })).json();
const row = (runId: string) =>
  t.ctx.database.db.selectFrom('tunix_runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
const waitRunning = (runId: string) =>
  waitFor(async () => {
    const logs = (await t.app.inject({ url: `/api/tunix/runs/${runId}/logs` })).json();
    return logs.chunks.some((c: { data: string }) => c.data.includes('"step":1'));
  });

describe('async runs', () => {
  it('are claimed once by the worker and completed', async () => {
    const run = await submit({ model_id: 'google/gemma' });
    expect(run.status).toBe('pending');
    const done = await waitForRun(t, run.run_id);
    expect(done).toMatchObject({ status: 'completed', mode: 'dry-run', message: 'Dry-run validation successful' });
    expect(done.started_at).not.toBeNull();
    expect((await row(run.run_id)).attempt).toBe(1);
    expect(await status(run.run_id)).toMatchObject({ status: 'completed', exit_code: 0 });
  });

  it('runs dry-runs in their own lane while every training slot is busy', async () => {
    // TUNIX_WORKER_CONCURRENCY=2: two long trainings take both local slots.
    const trainings = [
      await submit({ model_id: 'fake sleep=20 steps=20', dry_run: false }),
      await submit({ model_id: 'fake sleep=20 steps=20', dry_run: false }),
    ];
    for (const run of trainings) await waitRunning(run.run_id);
    const dry = await submit({ model_id: 'google/gemma' });
    expect((await waitForRun(t, dry.run_id)).status).toBe('completed');
    for (const run of trainings) expect((await status(run.run_id)).status).toBe('running');
    for (const run of trainings) {
      await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    }
  });

  it('cancels a running local run with SIGTERM', async () => {
    const run = await submit({ model_id: 'fake sleep=20 steps=20', dry_run: false });
    await waitRunning(run.run_id);
    const res = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', exit_code: -15 });
    const stored = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}` })).json();
    expect(stored.message).toBe('Run cancelled by request');
    expect(stored.stdout).toContain('"step":1');
    expect(stored.duration_seconds).toBeLessThan(10);
  });

  it('escalates to SIGKILL when the trainer ignores SIGTERM (grace 1 s)', async () => {
    const run = await submit({ model_id: 'fake sleep=20 steps=20 ignoreterm=1', dry_run: false });
    await waitRunning(run.run_id);
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${run.run_id}/cancel` });
    expect(res.json()).toMatchObject({ status: 'cancelled', exit_code: -9 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries a finished run as a new queued run and deletes finished runs only', async () => {
    const first = await submit({ model_id: 'fake steps=1', dry_run: false, output_dir: 'mine' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tunix/runs/${first.run_id}` })).statusCode).toBe(409);
    await waitForRun(t, first.run_id);
    expect(existsSync(join(t.dataDir, 'runs', first.run_id))).toBe(true);

    const retry = await t.app.inject({ method: 'POST', url: `/api/tunix/runs/${first.run_id}/retry` });
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toMatchObject({
      status: 'pending',
      retry_of: first.run_id,
      output_dir: 'mine',
      mode: 'local',
    });
    const second = await waitForRun(t, retry.json().run_id);
    expect(second.status).toBe('completed');

    const del = await t.app.inject({ method: 'DELETE', url: `/api/tunix/runs/${first.run_id}` });
    expect(del.statusCode).toBe(204);
    expect(existsSync(join(t.dataDir, 'runs', first.run_id))).toBe(false);
    const logs = await t.ctx.database.db
      .selectFrom('run_logs')
      .select('seq')
      .where('run_id', '=', first.run_id)
      .execute();
    expect(logs).toHaveLength(0);
  });

  it('pages through the full log with offset and limit', async () => {
    const run = await submit({ model_id: 'fake steps=5', dry_run: false });
    await waitForRun(t, run.run_id);
    const all = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/logs` })).json();
    expect(all.done).toBe(true);
    const seen: number[] = [];
    let offset = 0;
    for (let i = 0; i < 50; i++) {
      const page = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/logs?offset=${offset}&limit=1` })).json();
      seen.push(...page.chunks.map((c: { seq: number }) => c.seq));
      offset = page.next_offset;
      if (page.done) break;
    }
    expect(seen).toEqual(all.chunks.map((c: { seq: number }) => c.seq));
    expect((await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/logs?limit=0` })).statusCode).toBe(422);
  });
});

describe('GET /api/tunix/runs/{id}/logs/stream', () => {
  it('streams log lines while the run is still going, then an end event', async () => {
    const run = await submit({ model_id: 'fake sleep=3 steps=6', dry_run: false });
    const res = await fetch(`${baseUrl}/api/tunix/runs/${run.run_id}/logs/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const events: { event: string; data: unknown }[] = [];
    let statusAtFirstStep: string | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let split = buffer.indexOf('\n\n');
      while (split !== -1) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) {
          const parsed = JSON.parse(data);
          events.push({ event, data: parsed });
          if (event === 'log' && parsed.data.includes('"step":1') && !statusAtFirstStep) {
            statusAtFirstStep = (await status(run.run_id)).status;
          }
        }
        split = buffer.indexOf('\n\n');
      }
    }
    expect(statusAtFirstStep).toBe('running');
    expect(events[events.length - 1]).toEqual({ event: 'end', data: { status: 'completed' } });
    const text = events
      .filter((e) => e.event === 'log')
      .map((e) => (e.data as { data: string }).data)
      .join('');
    for (let step = 1; step <= 6; step++) expect(text).toContain(`"step":${step}`);
    const seqs = events.filter((e) => e.event === 'log').map((e) => (e.data as { seq: number }).seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('resumes after Last-Event-ID and ends at once for a finished run', async () => {
    const run = await submit({});
    await waitForRun(t, run.run_id);
    const all = (await t.app.inject({ url: `/api/tunix/runs/${run.run_id}/logs` })).json().chunks;
    const res = await fetch(`${baseUrl}/api/tunix/runs/${run.run_id}/logs/stream`, {
      headers: { 'last-event-id': String(all[0].seq) },
    });
    const body = await res.text();
    expect(body.match(/^event: log$/gm)).toHaveLength(all.length - 1);
    expect(body).toContain('event: end\ndata: {"status":"completed"}');
  });
});

/** Minimal Prometheus text-format check: HELP/TYPE comments, then `name{labels} value` samples. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|[+-]Inf)$/i;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      typed.add(type[1]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const match = sample.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const family = match[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(match[1]!) && !typed.has(family)) throw new Error(`sample without TYPE: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('serves Prometheus text whose run counters move when runs finish', async () => {
    const scrape = async () => {
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      return parsePrometheus(res.body);
    };
    const finished = 'tunix_runs_finished_total{mode="dry-run",status="completed"}';
    const before = await scrape();
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/tunix/run',
      payload: { dataset_key: key, model_id: 'm' },
    });
    await t.app.inject({ url: `/api/tunix/runs/${run.json().run_id}` });
    const after = await scrape();
    expect(after.get(finished)).toBe((before.get(finished) ?? 0) + 1);
    expect(after.get('tunix_runs{status="completed",mode="dry-run"}')).toBe(
      (before.get('tunix_runs{status="completed",mode="dry-run"}') ?? 0) + 1,
    );
    const durationCount = 'tunix_run_duration_seconds_count{mode="dry-run",status="completed"}';
    expect(after.get(durationCount)).toBe((before.get(durationCount) ?? 0) + 1);
    expect(after.get('tunix_run_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(after.get('tunix_db_latency_seconds')).toBeGreaterThan(0);
    const routeCount =
      'http_request_duration_seconds_count{method="GET",route="/api/tunix/runs/:run_id",status_code="200"}';
    expect(after.get(routeCount)).toBeGreaterThanOrEqual(1);
  });
});

describe('crash recovery', () => {
  const ghost = async (maxRetries: number, heartbeatAgo: string) => {
    const runId = crypto.randomUUID();
    await t.ctx.database.db
      .insertInto('tunix_runs')
      .values({
        run_id: runId,
        dataset_key: key,
        model_id: 'm',
        mode: 'dry-run',
        status: 'running',
        started_at: new Date(),
        created_at: new Date(),
        stdout: '',
        stderr: '',
        output_dir: './out',
        message: 'Run claimed by a worker',
        manifest_yaml: 'version: 1.0\n',
        config: JSON.stringify({ learning_rate: 2e-5, num_epochs: 3, batch_size: 8, max_seq_length: 2048 }),
        max_retries: maxRetries,
        attempt: 1,
        worker_id: 'ghost-worker',
        heartbeat_at: sql<Date>`now() - ${heartbeatAgo}::interval`,
        cancel_requested: false,
      })
      .execute();
    return runId;
  };

  it('marks a run whose worker stopped heartbeating as failed, naming the worker', async () => {
    const runId = await ghost(0, '1 hour');
    const done = await waitForRun(t, runId, 15_000);
    expect(done.status).toBe('failed');
    expect(done.message).toBe(
      'Worker ghost-worker stopped responding (no heartbeat for 2 s); the run was marked failed',
    );
    expect(done.completed_at).not.toBeNull();
  });

  it('requeues an orphan with retries left; the worker runs it as attempt 2', async () => {
    const runId = await ghost(1, '1 hour');
    const done = await waitForRun(t, runId, 15_000);
    expect(done.status).toBe('completed');
    const stored = await row(runId);
    expect(stored.attempt).toBe(2);
    expect(stored.worker_id).not.toBe('ghost-worker');
  });

  it('leaves a run with a fresh heartbeat alone', async () => {
    const runId = await ghost(0, '0 seconds');
    // Keep it fresh for a few reaper cycles, as a live worker would.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await t.ctx.database.db
        .updateTable('tunix_runs')
        .set({ heartbeat_at: sql<Date>`now()` })
        .where('run_id', '=', runId)
        .execute();
    }
    expect((await status(runId)).status).toBe('running');
    await t.ctx.database.db.updateTable('tunix_runs').set({ status: 'failed' }).where('run_id', '=', runId).execute();
  });

  it('at start-up settles running runs: all of them on the embedded database, stale ones on PostgreSQL', async () => {
    const runId = await ghost(0, '0 seconds');
    const restarted = new RunsRuntime(t.ctx.database, runSettings(t.ctx.env));
    await restarted.start({ worker: false });
    await restarted.stop();
    const stored = await row(runId);
    if (t.ctx.database.kind === 'pglite') {
      expect(stored.status).toBe('failed');
      expect(stored.message).toContain('embedded database was reopened');
    } else {
      expect(stored.status).toBe('running');
      await t.ctx.database.db.updateTable('tunix_runs').set({ status: 'failed' }).where('run_id', '=', runId).execute();
    }
  });
});
