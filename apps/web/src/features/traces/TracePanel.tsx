import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReasoningTrace, TraceDetail } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { EXAMPLE_TRACE } from './example';
import { traceKeys } from './keys';
import { TraceList } from './TraceList';

/**
 * Only JSON syntax and "is an object" are checked here: the server's schema errors are more
 * precise and are shown verbatim (its `detail`).
 */
function parseTrace(text: string): { trace: ReasoningTrace } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'Invalid JSON format' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'Trace must be a JSON object' };
  }
  return { trace: value as ReasoningTrace };
}

export function TracePanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [json, setJson] = useState('');
  const [uploadedId, setUploadedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<TraceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (trace: ReasoningTrace) => api.traces.create(trace),
    onSuccess: (created) => {
      setUploadedId(created.id);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: traceKeys.all });
    },
    onError: (e) => setError(failureText('Upload', e)),
  });
  const fetchTrace = useMutation({
    mutationFn: (id: string) => api.traces.get(id),
    onSuccess: (trace) => {
      setDetail(trace);
      setError(null);
    },
    onError: (e) => {
      setDetail(null);
      setError(failureText('Fetch', e));
    },
  });
  const busy = upload.isPending || fetchTrace.isPending;

  const onUpload = () => {
    const parsed = parseTrace(json);
    if ('error' in parsed) return setError(parsed.error);
    setError(null);
    upload.mutate(parsed.trace);
  };
  const onFetch = () => {
    if (!uploadedId) return setError('No trace ID to fetch');
    fetchTrace.mutate(uploadedId);
  };

  return (
    <section className="panel" data-testid="trace:section" aria-labelledby="trace-heading">
      <h2 id="trace-heading">Reasoning Traces</h2>
      <div className="field" data-testid="trace:input-container">
        <label htmlFor="trace-json">Trace JSON:</label>
        <textarea
          id="trace-json"
          data-testid="trace:json"
          rows={10}
          value={json}
          onChange={(e) => setJson(e.target.value)}
          placeholder="Enter trace JSON here or click 'Load Example'"
          spellCheck={false}
        />
      </div>
      <div className="actions" data-testid="trace:actions">
        <button
          type="button"
          data-testid="trace:load-example"
          disabled={busy}
          onClick={() => {
            setJson(JSON.stringify(EXAMPLE_TRACE, null, 2));
            setError(null);
          }}
        >
          Load Example
        </button>
        <button type="button" data-testid="trace:upload" disabled={busy || json.trim() === ''} onClick={onUpload}>
          Upload
        </button>
        <button type="button" data-testid="trace:fetch" disabled={busy || !uploadedId} onClick={onFetch}>
          Fetch
        </button>
      </div>
      <ErrorBanner testId="trace:error" className="error-banner trace-error" message={error} />
      {uploadedId && !error && (
        <div className="success-banner trace-success" data-testid="trace:success" role="status">
          Success! Trace uploaded with ID: <code>{uploadedId}</code>
        </div>
      )}
      {detail && (
        <div className="result" data-testid="trace:result">
          <h3>Fetched Trace</h3>
          <pre data-testid="trace:result-content">{JSON.stringify(detail, null, 2)}</pre>
        </div>
      )}
      <TraceList />
    </section>
  );
}
