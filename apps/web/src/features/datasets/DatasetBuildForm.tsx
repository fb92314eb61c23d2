import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DatasetBuildInput } from '@tunix-rt/client';
import type { DatasetBuildResponse } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { datasetKeys } from './keys';
import { type BuildFormValues, datasetKeyFor, INITIAL_BUILD_FORM, toBuildRequest } from './validate';

export function DatasetBuildForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<BuildFormValues>(INITIAL_BUILD_FORM);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DatasetBuildResponse | null>(null);
  const build = useMutation({
    mutationFn: (request: DatasetBuildInput) => api.datasets.build(request),
    onSuccess: (data) => {
      setResult(data);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: datasetKeys.all });
    },
    onError: (e) => {
      setResult(null);
      setError(failureText('Build', e));
    },
  });
  const busy = build.isPending;
  const set = (field: keyof BuildFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const onSubmit = () => {
    const checked = toBuildRequest(values);
    if ('error' in checked) return setError(checked.error);
    setError(null);
    build.mutate(checked.request);
  };

  return (
    <form
      className="form-grid"
      data-testid="dataset:form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <div className="field">
        <label htmlFor="dataset-name">Dataset Name:</label>
        <input
          id="dataset-name"
          data-testid="dataset:name"
          value={values.name}
          onChange={set('name')}
          placeholder="my_dataset"
          maxLength={128}
          disabled={busy}
        />
      </div>
      <div className="field">
        <label htmlFor="dataset-version">Version:</label>
        <input
          id="dataset-version"
          data-testid="dataset:version"
          value={values.version}
          onChange={set('version')}
          placeholder="v1"
          maxLength={64}
          disabled={busy}
        />
      </div>
      <div className="field">
        <label htmlFor="dataset-strategy">Selection Strategy:</label>
        <select
          id="dataset-strategy"
          data-testid="dataset:strategy"
          value={values.strategy}
          onChange={set('strategy')}
          disabled={busy}
        >
          <option value="latest">latest</option>
          <option value="random">random</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="dataset-seed">Seed{values.strategy === 'random' ? ' (required)' : ' (optional)'}:</label>
        <input
          id="dataset-seed"
          data-testid="dataset:seed"
          type="number"
          value={values.seed}
          onChange={set('seed')}
          placeholder="42"
          disabled={busy}
        />
      </div>
      <div className="field">
        <label htmlFor="dataset-limit">Limit (1-10000):</label>
        <input
          id="dataset-limit"
          data-testid="dataset:limit"
          type="number"
          min={1}
          max={10_000}
          value={values.limit}
          onChange={set('limit')}
          disabled={busy}
        />
      </div>
      <div className="field field-wide">
        <label htmlFor="dataset-filters">Filters (JSON object matched against trace meta):</label>
        <textarea
          id="dataset-filters"
          data-testid="dataset:filters"
          rows={3}
          value={values.filters}
          onChange={set('filters')}
          placeholder='{"source": "ungar"}'
          spellCheck={false}
          disabled={busy}
        />
      </div>
      <div className="actions field-wide">
        <button type="submit" data-testid="dataset:build-btn" disabled={busy}>
          {busy ? 'Building...' : 'Build Dataset'}
        </button>
        {values.name && values.version && (
          <span className="hint">Key: {datasetKeyFor(values.name, values.version)}</span>
        )}
      </div>
      <div className="field-wide">
        <ErrorBanner testId="dataset:error" message={error} />
        {result && (
          <div className="success-banner" data-testid="dataset:build-result" role="status">
            Built dataset <code>{result.dataset_key}</code> with {result.trace_count} traces
            {result.content_hash && (
              <>
                {' '}
                (hash <code>{result.content_hash.slice(0, 12)}</code>)
              </>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
