import { useState } from 'react';
import { ApiKeyControl } from './features/auth/ApiKeyControl';
import { ComparePanel } from './features/compare/ComparePanel';
import { DatasetsPanel } from './features/datasets/DatasetsPanel';
import { StatusCards } from './features/status/StatusCards';
import { TracePanel } from './features/traces/TracePanel';
import { TunixPanel } from './features/tunix/TunixPanel';
import { UngarPanel } from './features/ungar/UngarPanel';

/** One scrolling page (UI.md §3), top to bottom. */
export function App() {
  // Shared so that clicking a dataset's key fills the Tunix form.
  const [datasetKey, setDatasetKey] = useState('');
  const fillDatasetKey = (key: string) => {
    setDatasetKey(key);
    document.getElementById('tunix-dataset-key')?.focus();
  };
  return (
    <div className="app">
      <header className="app-header">
        <h1>Tunix RT</h1>
        <p>Reasoning-Trace Framework with RediAI Integration</p>
        <ApiKeyControl />
      </header>
      <main>
        <StatusCards />
        <TracePanel />
        <ComparePanel />
        <UngarPanel />
        <DatasetsPanel onUseKey={fillDatasetKey} />
        <TunixPanel datasetKey={datasetKey} onDatasetKeyChange={setDatasetKey} />
      </main>
    </div>
  );
}
