export interface PagerProps {
  /** Test-id prefix, e.g. `trace:list` → `trace:list-prev`, `trace:list-next`. */
  testIdPrefix: string;
  offset: number;
  limit: number;
  /** Rows on this page, so the position reads 1–6 rather than 1–10 on a short page. */
  count: number;
  nextOffset: number | null | undefined;
  onChange: (offset: number) => void;
  disabled?: boolean;
  label: string;
}

/** Prev/next over `{limit, offset, next_offset}` pagination (API.md §0.7). */
export function Pager(props: PagerProps) {
  const { offset, limit, nextOffset } = props;
  const hasPrev = offset > 0;
  const hasNext = nextOffset !== null && nextOffset !== undefined;
  return (
    <nav className="pager" aria-label={props.label}>
      <button
        type="button"
        data-testid={`${props.testIdPrefix}-prev`}
        disabled={props.disabled || !hasPrev}
        onClick={() => props.onChange(Math.max(0, offset - limit))}
      >
        ← Prev
      </button>
      <span className="pager-position">{props.count === 0 ? 'none' : `${offset + 1}–${offset + props.count}`}</span>
      <button
        type="button"
        data-testid={`${props.testIdPrefix}-next`}
        disabled={props.disabled || !hasNext}
        onClick={() => hasNext && props.onChange(nextOffset)}
      >
        Next →
      </button>
    </nav>
  );
}
