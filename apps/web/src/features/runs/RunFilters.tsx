import { RUN_MODES, RUN_STATUSES, type RunMode, type RunStatus } from '@tunix-rt/contract';
import { useEffect, useState } from 'react';

export interface RunFilterValues {
  status: RunStatus | '';
  mode: RunMode | '';
  datasetKey: string;
}

export const NO_FILTERS: RunFilterValues = { status: '', mode: '', datasetKey: '' };

const TYPING_DELAY_MS = 300;

export function RunFilters(props: { value: RunFilterValues; onChange: (value: RunFilterValues) => void }) {
  const { value, onChange } = props;
  // The dataset filter is applied after a short pause in typing, not on every keystroke.
  const [datasetText, setDatasetText] = useState(value.datasetKey);
  useEffect(() => {
    if (datasetText.trim() === value.datasetKey) return;
    const timer = setTimeout(() => onChange({ ...value, datasetKey: datasetText.trim() }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [datasetText, value, onChange]);

  return (
    <fieldset className="filters">
      <legend>Filter runs</legend>
      <label>
        Status{' '}
        <select
          data-testid="tunix:filter-status"
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as RunStatus | '' })}
        >
          <option value="">All statuses</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Mode{' '}
        <select
          data-testid="tunix:filter-mode"
          value={value.mode}
          onChange={(e) => onChange({ ...value, mode: e.target.value as RunMode | '' })}
        >
          <option value="">All modes</option>
          {RUN_MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dataset{' '}
        <input
          data-testid="tunix:filter-dataset"
          type="search"
          placeholder="dataset key"
          value={datasetText}
          onChange={(e) => setDatasetText(e.target.value)}
        />
      </label>
    </fieldset>
  );
}
