import {
  DatasetBuildRequest,
  DatasetBuildResponse,
  DatasetExportQuery,
  DatasetKeyParams,
  DatasetList,
  DatasetManifest,
  ErrorDetail,
  PageQuery,
  SftExportRequest,
  Unprocessable,
} from '@tunix-rt/contract';
import * as datasets from '@tunix-rt/core/datasets/service';
import * as exportsService from '@tunix-rt/core/exports/service';
import type { AppContext } from '../context';
import { sendJsonl } from '../http/jsonl';
import type { TypedApp } from '../types';

const errors = { 404: ErrorDetail, 422: Unprocessable };

export function registerDatasetRoutes(app: TypedApp, ctx: AppContext): void {
  const { db } = ctx.database;
  const tags = ['datasets'];

  app.post(
    '/api/datasets/build',
    {
      schema: {
        tags,
        summary: 'Select traces into an immutable dataset',
        body: DatasetBuildRequest,
        response: { 201: DatasetBuildResponse, 409: ErrorDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await datasets.buildDataset(db, req.body, { dataDir: ctx.env.dataDir })),
  );

  app.get(
    '/api/datasets',
    {
      schema: {
        tags,
        summary: 'Datasets, newest first (extension)',
        querystring: PageQuery,
        response: { 200: DatasetList },
      },
    },
    async (req) => datasets.listDatasets(db, req.query),
  );

  app.get(
    '/api/datasets/:dataset_key',
    {
      schema: {
        tags,
        summary: 'A dataset manifest (extension)',
        params: DatasetKeyParams,
        response: { 200: DatasetManifest, ...errors },
      },
    },
    async (req) => datasets.getManifest(db, req.params.dataset_key),
  );

  app.get(
    '/api/datasets/:dataset_key/export.jsonl',
    {
      schema: {
        tags,
        summary: 'Export a dataset as JSONL (trace | tunix_sft | training_example), streamed',
        params: DatasetKeyParams,
        querystring: DatasetExportQuery,
      },
    },
    async (req, reply) =>
      sendJsonl(reply, await exportsService.exportDataset(db, req.params.dataset_key, req.query.format ?? 'trace')),
  );

  app.post(
    '/api/tunix/sft/export',
    { schema: { tags: ['tunix'], summary: 'Export traces in tunix_sft JSONL', body: SftExportRequest } },
    async (req, reply) => sendJsonl(reply, await exportsService.exportSft(db, req.body)),
  );
}
