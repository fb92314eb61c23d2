import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ManifestResponse, Run } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { downloadResponse } from '../../shared/download';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { useTunixStatus } from '../../shared/useStatusQueries';
import { runKeys } from '../runs/keys';
import { RunHistory } from '../runs/RunHistory';
import { ManifestResult } from './ManifestResult';
import { RunResult } from './RunResult';
import { checkTunixForm } from './validate';

export function TunixPanel(props: { datasetKey: string; onDatasetKeyChange: (key: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const status = useTunixStatus();
  const { datasetKey } = props;
  const [modelId, setModelId] = useState('google/gemma-2b-it');
  const [outputDir, setOutputDir] = useState('./output/tunix_run');
  const [queueAsync, setQueueAsync] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runResult, setRunResult] = useState<Run | null>(null);
  const [manifest, setManifest] = useState<ManifestResponse | null>(null);
  const values = { datasetKey, modelId, outputDir };

  const exportSft = useMutation({
    mutationFn: async (key: string) =>
      downloadResponse(await api.tunix.sftExport({ dataset_key: key }), `${key}.jsonl`),
    onSuccess: () => setError(null),
    onError: (e) => setError(failureText('Export', e)),
  });
  const generateManifest = useMutation({
    mutationFn: () => api.tunix.manifest({ dataset_key: datasetKey, model_id: modelId, output_dir: outputDir }),
    onSuccess: (data) => {
      setManifest(data);
      setError(null);
    },
    onError: (e) => setError(failureText('Manifest generation', e)),
  });
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api.tunix.run(
        { dataset_key: datasetKey, model_id: modelId, output_dir: outputDir || undefined, dry_run: dryRun },
        { async: queueAsync },
      ),
    onSuccess: (data) => {
      setRunResult(data);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: runKeys.all });
    },
    onError: (e) => setError(failureText('Run', e)),
  });
  const busy = exportSft.isPending || generateManifest.isPending || run.isPending;
  const noKey = datasetKey === '';

  const onExport = () => {
    const problem = checkTunixForm(values, { modelId: false, outputDir: false });
    if (problem) return setError(problem);
    exportSft.mutate(datasetKey);
  };
  const onManifest = () => {
    if (!datasetKey || !modelId.trim() || !outputDir.trim()) {
      return setError('Dataset key, model ID, and output directory are required');
    }
    const problem = checkTunixForm(values, { modelId: true, outputDir: true });
    if (problem) return setError(problem);
    setManifest(null);
    generateManifest.mutate();
  };
  const onRun = (dryRun: boolean) => {
    const problem = checkTunixForm(values, { modelId: true, outputDir: false });
    if (problem) return setError(problem);
    setRunResult(null);
    run.mutate(dryRun);
  };

  const runtimeRequired = status.data?.runtime_required === true;
  return (
    <section className="panel" data-testid="tunix:section" aria-labelledby="tunix-heading">
      <h2 id="tunix-heading">Tunix Integration (M12)</h2>
      <div className="status-line" data-testid="tunix:status-container">
        <p data-testid="tunix:status">Status: {status.isPending ? 'Loading...' : status.data?.message || 'Unknown'}</p>
        <p data-testid="tunix:runtime-required">Runtime Required: {runtimeRequired ? 'Yes' : 'No (Artifact-based)'}</p>
      </div>
      <form className="form-grid" data-testid="tunix:form" noValidate onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="tunix-dataset-key">Dataset Key (e.g., ungar_hcd-v1):</label>
          <input
            id="tunix-dataset-key"
            data-testid="tunix:dataset-key"
            value={datasetKey}
            onChange={(e) => props.onDatasetKeyChange(e.target.value)}
            placeholder="my_dataset-v1"
            disabled={busy}
          />
        </div>
        <div className="field">
          <label htmlFor="tunix-model-id">Model ID:</label>
          <input
            id="tunix-model-id"
            data-testid="tunix:model-id"
            value={modelId}
            onChange={(e) => setModelId(e.target.value)}
            disabled={busy}
          />
        </div>
        <div className="field">
          <label htmlFor="tunix-output-dir">Output Directory:</label>
          <input
            id="tunix-output-dir"
            data-testid="tunix:output-dir"
            value={outputDir}
            onChange={(e) => setOutputDir(e.target.value)}
            disabled={busy}
          />
        </div>
        <div className="field checkbox-field">
          <input
            id="tunix-async"
            type="checkbox"
            data-testid="tunix:async"
            checked={queueAsync}
            onChange={(e) => setQueueAsync(e.target.checked)}
            disabled={busy}
          />
          <label htmlFor="tunix-async">Queue (async)</label>
        </div>
        <div className="actions field-wide">
          <button type="button" data-testid="tunix:export-btn" disabled={busy || noKey} onClick={onExport}>
            Export JSONL
          </button>
          <button type="button" data-testid="tunix:manifest-btn" disabled={busy || noKey} onClick={onManifest}>
            Generate Manifest
          </button>
          <button type="button" data-testid="tunix:run-dry-btn" disabled={busy || noKey} onClick={() => onRun(true)}>
            Run (Dry-run)
          </button>
          <button
            type="button"
            data-testid="tunix:run-local-btn"
            disabled={busy || noKey}
            title={runtimeRequired ? 'Requires Tunix installation' : 'Run with Tunix (Local)'}
            onClick={() => onRun(false)}
          >
            Run with Tunix (Local)
          </button>
        </div>
      </form>
      <ErrorBanner testId="tunix:error" message={error} />
      {run.isPending && (
        <p className="loading" data-testid="tunix:run-loading" role="status">
          Executing Tunix run...
        </p>
      )}
      {runResult && <RunResult run={runResult} />}
      {manifest && <ManifestResult manifest={manifest} />}
      <RunHistory />
    </section>
  );
}
