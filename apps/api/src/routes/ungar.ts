import { UngarExportQuery, UngarGenerateRequest, UngarGenerateResponse, UngarStatus } from '@tunix-rt/contract';
import * as ungar from '@tunix-rt/core/ungar/service';
import type { AppContext } from '../context';
import { sendJsonl } from '../http/jsonl';
import type { TypedApp } from '../types';

export function registerUngarRoutes(app: TypedApp, ctx: AppContext): void {
  const { db } = ctx.database;
  const tags = ['ungar'];

  app.get(
    '/api/ungar/status',
    { schema: { tags, summary: 'UNGAR generator availability', response: { 200: UngarStatus } } },
    async () => ungar.ungarStatus(),
  );

  app.post(
    '/api/ungar/high-card-duel/generate',
    {
      schema: {
        tags,
        summary: 'Generate High Card Duel traces (seeded, deterministic)',
        body: UngarGenerateRequest,
        response: { 201: UngarGenerateResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await ungar.generate(db, req.body)),
  );

  app.get(
    '/api/ungar/high-card-duel/export.jsonl',
    { schema: { tags, summary: 'UNGAR traces as JSONL', querystring: UngarExportQuery } },
    async (req, reply) => sendJsonl(reply, [await ungar.exportUngar(db, req.query)]),
  );
}
