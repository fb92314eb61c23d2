import type { CompareResult } from '@tunix-rt/contract';
import type { CSSProperties } from 'react';
import { formatDate } from '../../shared/format';

type Side = CompareResult['base'];

/** Grid rows before the steps: heading, score, metadata, then the prompt, answer and steps labels and values. */
export const HEADER_ROWS = 8;

/**
 * One side of the comparison. Both columns share grid rows (CSS subgrid), so step <i> of the
 * base trace sits on the same line as step <i> of the other trace.
 */
export function TraceColumn(props: { side: 'base' | 'other'; title: string; trace: Side; rows: number }) {
  const { side, trace } = props;
  const payload = trace.payload;
  return (
    <div
      className="compare-column"
      data-testid={`compare:${side}-column`}
      style={{ '--rows': props.rows } as CSSProperties}
    >
      <h3>{props.title}</h3>
      <p className="score" data-testid={`compare:${side}-score`}>
        Score: {trace.score.toFixed(2)}
      </p>
      <div className="meta">
        <p>ID: {trace.id}</p>
        <p>Created: {formatDate(trace.created_at)}</p>
        <p>Version: {trace.trace_version}</p>
      </div>
      <div className="compare-content" data-testid={`compare:${side}-content`}>
        <h4>Prompt:</h4>
        <p data-testid={`compare:${side}-prompt`}>{payload.prompt}</p>
        <h4>Final Answer:</h4>
        <p data-testid={`compare:${side}-answer`}>{payload.final_answer}</p>
        <h4>Steps:</h4>
        {/* role="list": the ul uses display:contents in the aligned layout */}
        {/* biome-ignore lint/a11y/noRedundantRoles: display:contents drops the implicit role in some browsers */}
        <ul className="steps" role="list" data-testid={`compare:${side}-steps`}>
          {payload.steps.map((step, index) => (
            <li key={step.i} data-testid={`compare:${side}-step-${index}`}>
              <strong>{step.type}:</strong> {step.content}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
