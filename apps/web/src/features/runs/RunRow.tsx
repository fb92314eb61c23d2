import type { RunListItem } from '@tunix-rt/contract';
import { formatDate, formatDuration } from '../../shared/format';

export const HISTORY_COLUMNS = ['Status', 'Mode', 'Dataset', 'Model', 'Duration', 'Started', 'Actions'];

export function RunRow(props: { run: RunListItem; selected: boolean; onToggle: () => void }) {
  const { run } = props;
  const id = run.run_id;
  return (
    <tr data-testid={`tunix:history-row-${id}`} className={props.selected ? 'selected' : undefined}>
      <td data-label="Status" data-testid={`tunix:history-status-${id}`}>
        <span className={`status-badge status-${run.status}`}>{run.status}</span>
      </td>
      <td data-label="Mode" data-testid={`tunix:history-mode-${id}`}>
        {run.mode}
      </td>
      <td data-label="Dataset" data-testid={`tunix:history-dataset-${id}`}>
        {run.dataset_key}
      </td>
      <td data-label="Model" data-testid={`tunix:history-model-${id}`}>
        {run.model_id}
      </td>
      <td data-label="Duration" data-testid={`tunix:history-duration-${id}`}>
        {formatDuration(run.duration_seconds)}
      </td>
      <td data-label="Started" data-testid={`tunix:history-started-${id}`}>
        {formatDate(run.started_at ?? run.created_at)}
      </td>
      <td data-label="Actions">
        <button
          type="button"
          data-testid={`tunix:view-detail-btn-${id}`}
          aria-expanded={props.selected}
          aria-label={`${props.selected ? 'Hide' : 'View'} details of run ${id}`}
          onClick={props.onToggle}
        >
          {props.selected ? 'Hide' : 'View'}
        </button>
      </td>
    </tr>
  );
}
