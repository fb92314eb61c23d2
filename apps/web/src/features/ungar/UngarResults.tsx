import type { UngarGenerateResponse } from '@tunix-rt/contract';

export function UngarResults({ result }: { result: UngarGenerateResponse }) {
  return (
    <div className="result" data-testid="ungar:results">
      <h3>Generated {result.trace_ids.length} Traces</h3>
      <p>Trace IDs:</p>
      <ul className="id-list" data-testid="ungar:trace-ids">
        {result.trace_ids.map((id) => (
          <li key={id} data-testid={`ungar:trace-id-${id}`}>
            <code>{id}</code>
          </li>
        ))}
      </ul>
      {result.preview.length > 0 && (
        <div data-testid="ungar:preview">
          <p>Preview:</p>
          <ul>
            {result.preview.map((item) => (
              <li key={item.trace_id}>
                Game: {item.game}, Result: {item.result}, Card: {item.my_card}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
