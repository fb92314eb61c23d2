import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ExportFormat } from '@tunix-rt/contract';
import { useState } from 'react';
import { useApi } from '../../shared/api';
import { downloadResponse } from '../../shared/download';
import { ErrorBanner } from '../../shared/ErrorBanner';
import { failureText } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { Pager } from '../../shared/Pager';
import { datasetKeys } from './keys';

const PAGE_SIZE = 20;
const FORMATS: ExportFormat[] = ['trace', 'tunix_sft', 'training_example'];

export function DatasetList(props: { onUseKey: (key: string) => void }) {
  const api = useApi();
  const [offset, setOffset] = useState(0);
  const [format, setFormat] = useState<ExportFormat>('trace');
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: datasetKeys.page(offset, PAGE_SIZE),
    queryFn: () => api.datasets.list({ limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });

  const onExport = async (key: string) => {
    setExporting(key);
    setExportError(null);
    try {
      await downloadResponse(await api.datasets.export(key, format), `${key}.${format}.jsonl`);
    } catch (e) {
      setExportError(failureText('Export', e));
    } finally {
      setExporting(null);
    }
  };

  const rows = list.data?.data ?? [];
  const listError = list.error ? failureText('Loading datasets', list.error) : null;
  return (
    <div className="sublist">
      <div className="sublist-header">
        <h3>Built Datasets</h3>
        <label className="inline-field">
          Export format:{' '}
          <select
            data-testid="dataset:export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isPending && <p>Loading datasets...</p>}
      <ErrorBanner testId="dataset:list-error" message={listError ?? exportError} />
      {list.isSuccess && rows.length === 0 && offset === 0 && (
        <p className="empty" data-testid="dataset:list-empty">
          No datasets yet. Build one above.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table stack" data-testid="dataset:list">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Strategy</th>
                <th scope="col">Traces</th>
                <th scope="col">Created</th>
                <th scope="col">Export</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.dataset_key} data-testid={`dataset:row-${d.dataset_key}`}>
                  <td data-label="Key">
                    <button
                      type="button"
                      className="link-button"
                      data-testid={`dataset:use-key-${d.dataset_key}`}
                      title="Use this dataset in the Tunix panel"
                      onClick={() => props.onUseKey(d.dataset_key)}
                    >
                      {d.dataset_key}
                    </button>
                  </td>
                  <td data-label="Strategy">
                    {d.selection_strategy}
                    {d.seed !== null && ` (seed ${d.seed})`}
                  </td>
                  <td data-label="Traces">{d.trace_count}</td>
                  <td data-label="Created">{formatDate(d.created_at)}</td>
                  <td data-label="Export">
                    <button
                      type="button"
                      data-testid={`dataset:export-btn-${d.dataset_key}`}
                      disabled={exporting !== null}
                      aria-label={`Download ${d.dataset_key} as ${format}`}
                      onClick={() => void onExport(d.dataset_key)}
                    >
                      {exporting === d.dataset_key ? 'Exporting...' : 'Download'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          testIdPrefix="dataset:list"
          label="Dataset pages"
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
