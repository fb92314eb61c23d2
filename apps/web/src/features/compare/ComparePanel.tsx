import { useMutation } from '@tanstack/react-query';
import type { CompareResult } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { HEADER_ROWS, TraceColumn } from './TraceColumn';

export function ComparePanel() {
  const api = useApi();
  const [baseId, setBaseId] = useState('');
  const [otherId, setOtherId] = useState('');
  const [result, setResult] = useState<CompareResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const compare = useMutation({
    mutationFn: (ids: { base: string; other: string }) => api.traces.compare(ids.base, ids.other),
    onSuccess: (data) => {
      setResult(data);
      setError(null);
    },
    onError: (e) => {
      setResult(null);
      setError(failureText('Compare', e));
    },
  });
  const canSubmit = !compare.isPending && baseId !== '' && otherId !== '';
  const rows = result ? HEADER_ROWS + Math.max(result.base.payload.steps.length, result.other.payload.steps.length) : 0;

  return (
    <section className="panel" data-testid="compare:section" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Evaluate Traces</h2>
      <form
        className="form-grid"
        data-testid="compare:input-container"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) compare.mutate({ base: baseId, other: otherId });
        }}
      >
        <div className="field">
          <label htmlFor="compare-base-id">Base Trace ID:</label>
          <input
            id="compare-base-id"
            data-testid="compare:base-id"
            value={baseId}
            onChange={(e) => setBaseId(e.target.value)}
            placeholder="Enter base trace UUID"
          />
        </div>
        <div className="field">
          <label htmlFor="compare-other-id">Other Trace ID:</label>
          <input
            id="compare-other-id"
            data-testid="compare:other-id"
            value={otherId}
            onChange={(e) => setOtherId(e.target.value)}
            placeholder="Enter other trace UUID"
          />
        </div>
        <div className="actions">
          <button type="submit" data-testid="compare:submit" disabled={!canSubmit}>
            Fetch & Compare
          </button>
        </div>
      </form>
      <ErrorBanner testId="compare:error" message={error} />
      {result && (
        <div className="result" data-testid="compare:result">
          <div className="compare-columns" data-testid="compare:columns">
            <TraceColumn side="base" title="Base Trace" trace={result.base} rows={rows} />
            <TraceColumn side="other" title="Other Trace" trace={result.other} rows={rows} />
          </div>
        </div>
      )}
    </section>
  );
}
