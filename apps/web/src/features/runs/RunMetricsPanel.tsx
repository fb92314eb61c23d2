import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useApi } from '../../shared/api';
import { LIVE_REFRESH_MS, runKeys } from './keys';

// recharts is sizeable: load it only when a run actually has metrics.
const MetricsChart = lazy(() => import('./MetricsChart'));

export function RunMetricsPanel({ runId, active }: { runId: string; active: boolean }) {
  const api = useApi();
  const metrics = useQuery({
    queryKey: runKeys.metrics(runId),
    queryFn: () => api.runs.metrics(runId),
    refetchInterval: active ? LIVE_REFRESH_MS : false,
  });
  const points = metrics.data?.points ?? [];
  if (points.length === 0) return null;
  return (
    <figure className="metrics" data-testid={`tunix:detail-metrics-${runId}`}>
      <figcaption>Training metrics ({points.length} points)</figcaption>
      <Suspense fallback={<p>Loading chart...</p>}>
        <MetricsChart points={points} />
      </Suspense>
    </figure>
  );
}
