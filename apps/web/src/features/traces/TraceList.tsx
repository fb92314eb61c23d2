import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { Pager } from '../../shared/Pager';
import { traceKeys } from './keys';

const PAGE_SIZE = 10;

/** Newest traces first, paginated with `next_offset` (GET /api/traces). */
export function TraceList() {
  const api = useApi();
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: traceKeys.page(offset, PAGE_SIZE),
    queryFn: () => api.traces.list({ limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.data ?? [];
  return (
    <div className="sublist">
      <h3>Stored Traces</h3>
      {list.isPending && <p>Loading traces...</p>}
      <ErrorBanner testId="trace:list-error" message={list.error ? failureText('Loading traces', list.error) : null} />
      {list.isSuccess && rows.length === 0 && offset === 0 && (
        <p className="empty" data-testid="trace:list-empty">
          No traces yet. Upload one or generate UNGAR traces.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table stack" data-testid="trace:list">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((trace) => (
                <tr key={trace.id} data-testid={`trace:list-row-${trace.id}`}>
                  <td data-label="ID">
                    <code>{trace.id}</code>
                  </td>
                  <td data-label="Version">{trace.trace_version}</td>
                  <td data-label="Created">{formatDate(trace.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          testIdPrefix="trace:list"
          label="Trace pages"
          offset={offset}
          limit={PAGE_SIZE}
          count={list.data.data.length}
          nextOffset={list.data.pagination.next_offset}
          onChange={setOffset}
          disabled={list.isFetching}
        />
      )}
    </div>
  );
}
