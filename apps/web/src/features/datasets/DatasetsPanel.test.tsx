import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { datasetList } from '../../test/fixtures';
import { apiError, mockApi } from '../../test/mockApi';
import { never, renderApp, renderWithProviders } from '../../test/render';
import { DatasetsPanel } from './DatasetsPanel';

afterEach(() => vi.restoreAllMocks());

describe('DatasetsPanel', () => {
  it('shows loading, then the empty state', async () => {
    let release: (value: unknown) => void = () => {};
    mockApi({ 'GET /api/datasets': () => new Promise((resolve) => (release = resolve)) });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    expect(screen.getByText('Loading datasets...')).toBeInTheDocument();
    release(datasetList());
    expect(await screen.findByTestId('dataset:list-empty')).toBeInTheDocument();
  });

  it('lists datasets', async () => {
    mockApi({ 'GET /api/datasets': datasetList('hcd-v1', 'other-v1') });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const row = await screen.findByTestId('dataset:row-hcd-v1');
    expect(row).toHaveTextContent('random (seed 7)');
    expect(row).toHaveTextContent('4');
    expect(screen.getByTestId('dataset:row-other-v1')).toBeInTheDocument();
  });

  it('shows a list error with the detail', async () => {
    mockApi({ 'GET /api/datasets': apiError(500, 'Internal Server Error') });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    await waitFor(() =>
      expect(screen.getByTestId('dataset:list-error')).toHaveTextContent('Internal Server Error (500)'),
    );
  });

  it('builds a dataset, shows the result and refreshes the list', async () => {
    let built = false;
    const api = mockApi({
      'POST /api/datasets/build': () => {
        built = true;
        return { dataset_key: 'ui-x-v1', build_id: 'b', trace_count: 4, manifest_path: '/m', content_hash: 'f00d' };
      },
      'GET /api/datasets': () => (built ? datasetList('ui-x-v1') : datasetList()),
    });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('dataset:name'), 'ui-x');
    await user.selectOptions(screen.getByTestId('dataset:strategy'), 'random');
    await user.type(screen.getByTestId('dataset:seed'), '7');
    await user.clear(screen.getByTestId('dataset:limit'));
    await user.type(screen.getByTestId('dataset:limit'), '10');
    const filters = screen.getByTestId('dataset:filters');
    await user.clear(filters);
    await user.click(filters);
    await user.paste('{"tag":"t1"}');
    await user.click(screen.getByTestId('dataset:build-btn'));
    expect(await screen.findByTestId('dataset:build-result')).toHaveTextContent('ui-x-v1');
    expect(screen.getByTestId('dataset:build-result')).toHaveTextContent('4 traces');
    expect(await screen.findByTestId('dataset:row-ui-x-v1')).toBeInTheDocument();
    expect(api.callsTo('POST', '/api/datasets/build')[0]?.body).toEqual({
      dataset_name: 'ui-x',
      dataset_version: 'v1',
      selection_strategy: 'random',
      seed: 7,
      limit: 10,
      filters: { tag: 't1' },
    });
  });

  it('validates before sending', async () => {
    const api = mockApi();
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('dataset:build-btn'));
    expect(screen.getByTestId('dataset:error')).toHaveTextContent('Error: Dataset name is required');
    await user.type(screen.getByTestId('dataset:name'), 'n');
    const filters = screen.getByTestId('dataset:filters');
    await user.clear(filters);
    await user.type(filters, 'x');
    await user.click(screen.getByTestId('dataset:build-btn'));
    expect(screen.getByTestId('dataset:error')).toHaveTextContent('Filters must be valid JSON');
    expect(api.callsTo('POST', '/api/datasets/build')).toHaveLength(0);
  });

  it("shows the server's detail when the build fails", async () => {
    mockApi({ 'POST /api/datasets/build': apiError(409, "Dataset 'd-v1' already exists") });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('dataset:name'), 'd');
    await user.click(screen.getByTestId('dataset:build-btn'));
    expect(await screen.findByTestId('dataset:error')).toHaveTextContent(
      "Error: Build failed: Dataset 'd-v1' already exists (409)",
    );
  });

  it('disables the form while building', async () => {
    mockApi({ 'POST /api/datasets/build': never });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('dataset:name'), 'd');
    await user.click(screen.getByTestId('dataset:build-btn'));
    await waitFor(() => expect(screen.getByTestId('dataset:build-btn')).toBeDisabled());
    expect(screen.getByTestId('dataset:name')).toBeDisabled();
  });

  it('downloads an export in the chosen format', async () => {
    const api = mockApi({
      'GET /api/datasets': datasetList('hcd-v1'),
      'GET /api/datasets/hcd-v1/export.jsonl': new Response('{"id":1}\n', {
        headers: { 'content-type': 'application/x-ndjson' },
      }),
    });
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    const user = userEvent.setup();
    await screen.findByTestId('dataset:row-hcd-v1');
    await user.selectOptions(screen.getByTestId('dataset:export-format'), 'tunix_sft');
    await user.click(screen.getByTestId('dataset:export-btn-hcd-v1'));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(createUrl).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('hcd-v1.tunix_sft.jsonl');
    expect(api.callsTo('GET', '/api/datasets/hcd-v1/export.jsonl')[0]?.url.search).toBe('?format=tunix_sft');
  });

  it('shows an export failure with the detail', async () => {
    mockApi({
      'GET /api/datasets': datasetList('gone-v1'),
      'GET /api/datasets/gone-v1/export.jsonl': apiError(404, 'Dataset not found: gone-v1'),
    });
    renderWithProviders(<DatasetsPanel onUseKey={() => {}} />);
    await userEvent.setup().click(await screen.findByTestId('dataset:export-btn-gone-v1'));
    expect(await screen.findByTestId('dataset:list-error')).toHaveTextContent(
      'Export failed: Dataset not found: gone-v1 (404)',
    );
  });

  it('puts a clicked dataset key into the Tunix form', async () => {
    mockApi({ 'GET /api/datasets': datasetList('hcd-v1') });
    renderApp();
    await screen.findByTestId('dataset:row-hcd-v1');
    await userEvent.setup().click(screen.getByRole('button', { name: 'hcd-v1' }));
    expect(screen.getByTestId('tunix:dataset-key')).toHaveValue('hcd-v1');
    expect(screen.getByTestId('tunix:dataset-key')).toHaveFocus();
  });
});
