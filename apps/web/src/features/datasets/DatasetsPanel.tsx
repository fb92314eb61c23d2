import { DatasetBuildForm } from './DatasetBuildForm';
import { DatasetList } from './DatasetList';

export function DatasetsPanel(props: { onUseKey: (key: string) => void }) {
  return (
    <section className="panel" data-testid="dataset:section" aria-labelledby="dataset-heading">
      <h2 id="dataset-heading">Datasets</h2>
      <DatasetBuildForm />
      <DatasetList onUseKey={props.onUseKey} />
    </section>
  );
}
