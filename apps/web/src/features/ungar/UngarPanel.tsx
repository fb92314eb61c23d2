import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UngarGenerateResponse } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { parseIntField } from '../../shared/format';
import { useUngarStatus } from '../../shared/useStatusQueries';
import { traceKeys } from '../traces/keys';
import { UngarResults } from './UngarResults';

export function UngarPanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const status = useUngarStatus();
  const [countText, setCountText] = useState('5');
  const [seedText, setSeedText] = useState('42');
  const [result, setResult] = useState<UngarGenerateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const generate = useMutation({
    mutationFn: (input: { count: number; seed: number | null }) => api.ungar.generate({ ...input, persist: true }),
    onSuccess: (data) => {
      setResult(data);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: traceKeys.all });
    },
    onError: (e) => {
      setResult(null);
      setError(failureText('Generation', e));
    },
  });

  const onGenerate = () => {
    const count = parseIntField(countText);
    if (count === null || Number.isNaN(count) || count < 1 || count > 100) {
      return setError('Count must be between 1 and 100');
    }
    const seed = parseIntField(seedText);
    if (Number.isNaN(seed) || (seed !== null && seed < 0)) return setError('Seed must be a non-negative integer');
    setError(null);
    generate.mutate({ count, seed });
  };

  const available = status.data?.available === true;
  const busy = generate.isPending;
  return (
    <section className="panel" data-testid="ungar:section" aria-labelledby="ungar-heading">
      <h2 id="ungar-heading">UNGAR Generator</h2>
      <div className="status-line" data-testid="ungar:status-container">
        <p data-testid="ungar:status">
          Status: {status.isPending ? 'Loading...' : available ? '✅ Available' : '❌ Not Installed'}
        </p>
        {status.data?.version != null && <p data-testid="ungar:version">Version: {status.data.version}</p>}
      </div>
      {available && (
        <form
          className="form-grid"
          data-testid="ungar:generator"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) onGenerate();
          }}
        >
          <div className="field">
            <label htmlFor="ungar-count">Trace Count (1-100):</label>
            <input
              id="ungar-count"
              data-testid="ungar:generate-count"
              type="number"
              min={1}
              max={100}
              value={countText}
              disabled={busy}
              onChange={(e) => setCountText(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="ungar-seed">Random Seed (optional):</label>
            <input
              id="ungar-seed"
              data-testid="ungar:generate-seed"
              type="number"
              min={0}
              placeholder="42"
              value={seedText}
              disabled={busy}
              onChange={(e) => setSeedText(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" data-testid="ungar:generate-btn" disabled={busy}>
              {busy ? 'Generating...' : 'Generate High Card Duel Traces'}
            </button>
          </div>
        </form>
      )}
      <ErrorBanner testId="ungar:error" message={error} />
      {result && <UngarResults result={result} />}
    </section>
  );
}
