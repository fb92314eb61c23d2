import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { errorText } from '../../shared/errors';
import { Pager } from '../../shared/Pager';
import { isActive, LIVE_REFRESH_MS, runKeys } from './keys';
import { RunDetail } from './RunDetail';
import { NO_FILTERS, RunFilters, type RunFilterValues } from './RunFilters';
import { HISTORY_COLUMNS, RunRow } from './RunRow';

const PAGE_SIZE = 20;

export function RunHistory() {
  const [expanded, setExpanded] = useState(false);
  return (
    <div className="run-history" data-testid="tunix:run-history-section">
      <h3>
        <button
          type="button"
          className="link-button"
          data-testid="tunix:toggle-history-btn"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? '▼ Run History' : '▶ Run History'}
        </button>
      </h3>
      {expanded && <RunHistoryContent />}
    </div>
  );
}

function RunHistoryContent() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<RunFilterValues>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const params = {
    limit: PAGE_SIZE,
    // The first page is requested as `?limit=20`, like the reference.
    offset: offset || undefined,
    status: filters.status,
    mode: filters.mode,
    dataset_key: filters.datasetKey,
  };
  const list = useQuery({
    queryKey: runKeys.list(params),
    queryFn: () => api.runs.list(params),
    placeholderData: keepPreviousData,
    // Fetched when first expanded and on demand (Refresh, new runs); live while a run is active.
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.data?.data.some((r) => isActive(r.status)) ? LIVE_REFRESH_MS : false),
  });

  const onFilters = useCallback((next: RunFilterValues) => {
    setFilters(next);
    setOffset(0);
  }, []);
  const onRefresh = async () => {
    setRefreshing(true);
    setOffset(0);
    try {
      await queryClient.invalidateQueries({ queryKey: runKeys.all });
    } finally {
      setRefreshing(false);
    }
  };

  const rows = list.data?.data ?? [];
  const listError = list.error ? errorText(list.error) : null;
  const filtered = filters.status !== '' || filters.mode !== '' || filters.datasetKey !== '';
  return (
    <div className="run-history-content" data-testid="tunix:run-history-content">
      <div className="toolbar">
        <RunFilters value={filters} onChange={onFilters} />
        <button
          type="button"
          data-testid="tunix:refresh-history-btn"
          disabled={refreshing || list.isPending}
          onClick={() => void onRefresh()}
        >
          {refreshing || list.isPending ? 'Refreshing...' : 'Refresh'}
        </button>
      </div>
      {list.isPending && <p>Loading run history...</p>}
      <ErrorBanner testId="tunix:history-error" message={listError ?? actionError} />
      {list.isSuccess && rows.length === 0 && (
        <p className="empty" data-testid="tunix:history-empty">
          {filtered ? 'No runs match these filters.' : 'No runs found. Execute a run to see history.'}
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll" data-testid="tunix:history-list">
          <table className="data-table stack history-table">
            <thead>
              <tr>
                {HISTORY_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.flatMap((run) => {
                const isSelected = selected === run.run_id;
                const row = (
                  <RunRow
                    key={run.run_id}
                    run={run}
                    selected={isSelected}
                    onToggle={() => {
                      setActionError(null);
                      setSelected(isSelected ? null : run.run_id);
                    }}
                  />
                );
                if (!isSelected) return [row];
                return [
                  row,
                  <tr key={`${run.run_id}-detail`} className="detail-row">
                    <td colSpan={HISTORY_COLUMNS.length}>
                      <RunDetail
                        runId={run.run_id}
                        onError={setActionError}
                        onRetried={(newId) => {
                          setOffset(0);
                          setSelected(newId);
                        }}
                      />
                    </td>
                  </tr>,
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          testIdPrefix="tunix:history"
          label="Run history pages"
          offset={offset}
          limit={PAGE_SIZE}
          count={list.data.data.length}
          nextOffset={list.data.pagination.next_offset}
          onChange={setOffset}
          disabled={list.isFetching && list.isPlaceholderData}
        />
      )}
    </div>
  );
}
