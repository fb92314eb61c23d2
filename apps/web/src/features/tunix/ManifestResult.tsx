import type { ManifestResponse } from '@tunix-rt/contract';
import { downloadBlob } from '../../shared/download';

export function ManifestResult({ manifest }: { manifest: ManifestResponse }) {
  return (
    <div className="result" data-testid="tunix:manifest-result">
      <h3>Manifest Generated</h3>
      <p data-testid="tunix:manifest-message">{manifest.message}</p>
      <details>
        <summary>View YAML Manifest</summary>
        <pre className="log" data-testid="tunix:manifest-yaml">
          {manifest.manifest_yaml}
        </pre>
      </details>
      <div className="actions">
        <button
          type="button"
          data-testid="tunix:manifest-download"
          onClick={() =>
            downloadBlob(
              new Blob([manifest.manifest_yaml], { type: 'application/yaml' }),
              `${manifest.dataset_key}.manifest.yaml`,
            )
          }
        >
          Download YAML
        </button>
      </div>
    </div>
  );
}
