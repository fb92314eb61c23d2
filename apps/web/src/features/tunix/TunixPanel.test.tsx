import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { TunixPanel } from './TunixPanel';

const RUN_ID = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
const run = (patch: Record<string, unknown> = {}) => ({
  run_id: RUN_ID,
  status: 'completed',
  mode: 'dry-run',
  dataset_key: 'hcd-v1',
  model_id: 'google/gemma-2b-it',
  output_dir: './output/tunix_run',
  exit_code: 0,
  stdout: 'Dry-run validation completed successfully.',
  stderr: '',
  duration_seconds: 0.0123,
  started_at: '2025-12-22T10:00:00.100Z',
  completed_at: '2025-12-22T10:00:00.112Z',
  message: 'Dry-run validation successful',
  ...patch,
});

/** The dataset key lives in App; this keeps it controlled the same way. */
function Harness({ initialKey = 'hcd-v1' }: { initialKey?: string }) {
  const [key, setKey] = useState(initialKey);
  return <TunixPanel datasetKey={key} onDatasetKeyChange={setKey} />;
}

afterEach(() => vi.restoreAllMocks());

describe('TunixPanel', () => {
  it('shows Loading... then the status message and runtime requirement', async () => {
    mockApi();
    renderWithProviders(<Harness />);
    expect(screen.getByTestId('tunix:status')).toHaveTextContent('Status: Loading...');
    await waitFor(() => expect(screen.getByTestId('tunix:status')).toHaveTextContent('Tunix runtime not installed'));
    expect(screen.getByTestId('tunix:runtime-required')).toHaveTextContent('Runtime Required: Yes');
    expect(screen.getByTestId('tunix:run-local-btn')).toHaveAttribute('title', 'Requires Tunix installation');
  });

  it('reads No (Artifact-based) when the runtime is not required', async () => {
    mockApi({
      'GET /api/tunix/status': { available: true, version: '1.0', runtime_required: false, message: 'ready' },
    });
    renderWithProviders(<Harness />);
    await waitFor(() =>
      expect(screen.getByTestId('tunix:runtime-required')).toHaveTextContent('Runtime Required: No (Artifact-based)'),
    );
  });

  it('disables every action while the dataset key is empty', () => {
    mockApi();
    renderWithProviders(<Harness initialKey="" />);
    for (const id of ['tunix:export-btn', 'tunix:manifest-btn', 'tunix:run-dry-btn', 'tunix:run-local-btn']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
    expect(screen.getByLabelText('Dataset Key (e.g., ungar_hcd-v1):')).toHaveAttribute('placeholder', 'my_dataset-v1');
    expect(screen.getByLabelText('Model ID:')).toHaveValue('google/gemma-2b-it');
    expect(screen.getByLabelText('Output Directory:')).toHaveValue('./output/tunix_run');
  });

  it('downloads the SFT export as <key>.jsonl', async () => {
    const api = mockApi({ 'POST /api/tunix/sft/export': new Response('{"id":"1"}\n') });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWithProviders(<Harness />);
    await userEvent.setup().click(screen.getByTestId('tunix:export-btn'));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('hcd-v1.jsonl');
    expect(api.callsTo('POST', '/api/tunix/sft/export')[0]?.body).toEqual({ dataset_key: 'hcd-v1' });
  });

  it("shows an export failure with the server's detail", async () => {
    mockApi({ 'POST /api/tunix/sft/export': apiError(404, 'Manifest not found for dataset: hcd-v1') });
    renderWithProviders(<Harness />);
    await userEvent.setup().click(screen.getByTestId('tunix:export-btn'));
    expect(await screen.findByTestId('tunix:error')).toHaveTextContent(
      'Error: Export failed: Manifest not found for dataset: hcd-v1 (404)',
    );
  });

  it('validates the dataset key before sending', async () => {
    const api = mockApi();
    renderWithProviders(<Harness initialKey="../etc" />);
    await userEvent.setup().click(screen.getByTestId('tunix:run-dry-btn'));
    expect(screen.getByTestId('tunix:error')).toHaveTextContent("Invalid dataset key '../etc'");
    expect(api.callsTo('POST', '/api/tunix/run')).toHaveLength(0);
  });

  it('generates a manifest, shows the YAML and offers a download', async () => {
    const api = mockApi({
      'POST /api/tunix/sft/manifest': {
        manifest_yaml: "version: '1.0'\nrunner: tunix\n",
        dataset_key: 'hcd-v1',
        model_id: 'google/gemma-2b-it',
        format: 'tunix_sft',
        message: 'Manifest generated for dataset hcd-v1.',
      },
    });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWithProviders(<Harness />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('tunix:manifest-btn'));
    expect(await screen.findByTestId('tunix:manifest-message')).toHaveTextContent('Manifest generated for dataset');
    expect(screen.getByTestId('tunix:manifest-yaml')).toHaveTextContent('runner: tunix');
    expect(api.callsTo('POST', '/api/tunix/sft/manifest')[0]?.body).toEqual({
      dataset_key: 'hcd-v1',
      model_id: 'google/gemma-2b-it',
      output_dir: './output/tunix_run',
    });
    await user.click(screen.getByTestId('tunix:manifest-download'));
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('hcd-v1.manifest.yaml');
  });

  it('requires model id and output dir for a manifest', async () => {
    mockApi();
    renderWithProviders(<Harness />);
    const user = userEvent.setup();
    await user.clear(screen.getByTestId('tunix:output-dir'));
    await user.click(screen.getByTestId('tunix:manifest-btn'));
    expect(screen.getByTestId('tunix:error')).toHaveTextContent(
      'Dataset key, model ID, and output directory are required',
    );
  });

  it('runs a dry-run and shows the result with collapsible logs', async () => {
    const api = mockApi({ 'POST /api/tunix/run': run() });
    renderWithProviders(<Harness />);
    await userEvent.setup().click(screen.getByTestId('tunix:run-dry-btn'));
    const result = await screen.findByTestId('tunix:run-result');
    expect(result).toHaveTextContent('Run Completed');
    expect(screen.getByTestId('tunix:run-id')).toHaveTextContent(`Run ID: ${RUN_ID}`);
    expect(screen.getByTestId('tunix:run-status')).toHaveTextContent('Status: completed');
    expect(screen.getByTestId('tunix:run-mode')).toHaveTextContent('Mode: dry-run');
    expect(screen.getByTestId('tunix:run-duration')).toHaveTextContent('Duration: 0.01s');
    expect(screen.getByTestId('tunix:run-exit-code')).toHaveTextContent('Exit Code: 0');
    expect(screen.getByTestId('tunix:run-message')).toHaveTextContent('Message: Dry-run validation successful');
    expect(screen.getByTestId('tunix:run-stdout').closest('details')).not.toHaveAttribute('open');
    expect(screen.queryByTestId('tunix:run-stderr')).not.toBeInTheDocument();
    const call = api.callsTo('POST', '/api/tunix/run')[0];
    expect(call?.url.search).toBe('');
    expect(call?.body).toEqual({
      dataset_key: 'hcd-v1',
      model_id: 'google/gemma-2b-it',
      output_dir: './output/tunix_run',
      dry_run: true,
    });
  });

  it('shows the loading indicator while a run is in flight', async () => {
    mockApi({ 'POST /api/tunix/run': never });
    renderWithProviders(<Harness />);
    await userEvent.setup().click(screen.getByTestId('tunix:run-local-btn'));
    expect(await screen.findByTestId('tunix:run-loading')).toHaveTextContent('Executing Tunix run...');
    expect(screen.getByTestId('tunix:run-dry-btn')).toBeDisabled();
    expect(screen.getByTestId('tunix:dataset-key')).toBeDisabled();
  });

  it('queues an async run with ?mode=async and shows it as queued', async () => {
    const api = mockApi({
      'POST /api/tunix/run': run({ status: 'pending', exit_code: null, stdout: '', duration_seconds: null }),
    });
    renderWithProviders(<Harness />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Queue (async)'));
    expect(screen.getByTestId('tunix:async')).toBeChecked();
    await user.click(screen.getByTestId('tunix:run-local-btn'));
    expect(await screen.findByTestId('tunix:run-result')).toHaveTextContent('Run Queued');
    expect(screen.getByTestId('tunix:run-duration')).toHaveTextContent('Duration: N/A');
    expect(screen.queryByTestId('tunix:run-exit-code')).not.toBeInTheDocument();
    const call = api.callsTo('POST', '/api/tunix/run')[0];
    expect(call?.url.search).toBe('?mode=async');
    expect(call?.body).toMatchObject({ dry_run: false });
  });

  it('labels failed and timed-out runs distinctly', async () => {
    const api = mockApi({ 'POST /api/tunix/run': run({ status: 'timeout', exit_code: null, stderr: 'too slow' }) });
    renderWithProviders(<Harness />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('tunix:run-dry-btn'));
    expect(await screen.findByTestId('tunix:run-result')).toHaveTextContent('Run Timed Out');
    expect(screen.getByTestId('tunix:run-stderr')).toHaveTextContent('too slow');
    api.routes['POST /api/tunix/run'] = run({ status: 'failed', exit_code: 2 });
    await user.click(screen.getByTestId('tunix:run-dry-btn'));
    await waitFor(() => expect(screen.getByTestId('tunix:run-result')).toHaveTextContent('Run Failed'));
  });

  it("shows a 501 run failure with the server's detail", async () => {
    mockApi({ 'POST /api/tunix/run': apiError(501, 'Tunix runtime not available. Install it.') });
    renderWithProviders(<Harness />);
    await userEvent.setup().click(screen.getByTestId('tunix:run-local-btn'));
    expect(await screen.findByTestId('tunix:error')).toHaveTextContent(
      'Error: Run failed: Tunix runtime not available. Install it. (501)',
    );
    expect(screen.queryByTestId('tunix:run-result')).not.toBeInTheDocument();
    expect(screen.queryByTestId('tunix:run-loading')).not.toBeInTheDocument();
  });
});
