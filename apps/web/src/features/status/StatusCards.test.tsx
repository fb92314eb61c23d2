import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { StatusCards } from './StatusCards';

describe('StatusCards', () => {
  it('shows Loading... on the first load', () => {
    mockApi({ 'GET /api/health': never, 'GET /api/redi/health': never });
    renderWithProviders(<StatusCards />);
    expect(screen.getByTestId('sys:api-card')).toHaveTextContent('Loading...');
    expect(screen.getByTestId('sys:api-card')).toHaveClass('status-card', 'status-loading');
    expect(screen.getByTestId('sys:redi-card')).toHaveTextContent('Loading...');
  });

  it('shows healthy API and RediAI', async () => {
    mockApi();
    renderWithProviders(<StatusCards />);
    expect(await screen.findByTestId('sys:api-status')).toHaveTextContent('API: healthy');
    expect(await screen.findByTestId('sys:redi-status')).toHaveTextContent('RediAI: healthy');
    expect(screen.getByTestId('sys:api-card')).toHaveClass('status-healthy');
    expect(screen.queryByTestId('sys:redi-error')).not.toBeInTheDocument();
  });

  it('shows RediAI down with its error', async () => {
    mockApi({ 'GET /api/redi/health': { status: 'down', error: 'Connection refused: nope' } });
    renderWithProviders(<StatusCards />);
    expect(await screen.findByTestId('sys:redi-status')).toHaveTextContent('RediAI: down');
    expect(screen.getByTestId('sys:redi-error')).toHaveTextContent('Error: Connection refused: nope');
    expect(screen.getByTestId('sys:redi-card')).toHaveClass('status-down');
  });

  it('falls back to down when every request fails', async () => {
    mockApi({
      'GET /api/health': () => new TypeError('Failed to fetch'),
      'GET /api/redi/health': () => new TypeError('Failed to fetch'),
    });
    renderWithProviders(<StatusCards />);
    expect(await screen.findByTestId('sys:api-status')).toHaveTextContent('API: down');
    expect(await screen.findByTestId('sys:redi-status')).toHaveTextContent('RediAI: down');
    expect(screen.getByTestId('sys:redi-error')).toHaveTextContent('Error: Failed to fetch');
  });

  it('keeps the last status while refreshing (no Loading... flicker)', async () => {
    const api = mockApi();
    const { queryClient } = renderWithProviders(<StatusCards />);
    await screen.findByTestId('sys:api-status');
    api.routes['GET /api/health'] = never;
    void queryClient.refetchQueries();
    await waitFor(() => expect(api.callsTo('GET', '/api/health')).toHaveLength(2));
    expect(screen.getByTestId('sys:api-status')).toHaveTextContent('API: healthy');
    expect(screen.queryByText('Loading...')).not.toBeInTheDocument();
  });
});
