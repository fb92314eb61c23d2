import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, type MockRequest, mockApi } from '../../test/mockApi';
import { never, renderWithProviders } from '../../test/render';
import { TraceList } from './TraceList';

const trace = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created_at: '2025-12-22T10:00:00.000Z',
  trace_version: '1.0',
});

/** 15 traces, newest first, paginated like the server. */
function pagedTraces(req: MockRequest) {
  const limit = Number(req.url.searchParams.get('limit') ?? 20);
  const offset = Number(req.url.searchParams.get('offset') ?? 0);
  const all = Array.from({ length: 15 }, (_, i) => trace(i));
  const data = all.slice(offset, offset + limit);
  return { data, pagination: { limit, offset, next_offset: offset + limit < all.length ? offset + limit : null } };
}

describe('TraceList', () => {
  it('shows a loading state', () => {
    mockApi({ 'GET /api/traces': never });
    renderWithProviders(<TraceList />);
    expect(screen.getByText('Loading traces...')).toBeInTheDocument();
  });

  it('shows the empty state', async () => {
    mockApi();
    renderWithProviders(<TraceList />);
    expect(await screen.findByTestId('trace:list-empty')).toHaveTextContent('No traces yet');
  });

  it('lists traces and pages with next_offset', async () => {
    const api = mockApi({ 'GET /api/traces': pagedTraces });
    renderWithProviders(<TraceList />);
    expect(await screen.findByTestId(`trace:list-row-${trace(0).id}`)).toBeInTheDocument();
    expect(screen.getByTestId('trace:list-prev')).toBeDisabled();
    const user = userEvent.setup();
    await user.click(screen.getByTestId('trace:list-next'));
    expect(await screen.findByTestId(`trace:list-row-${trace(10).id}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`trace:list-row-${trace(0).id}`)).not.toBeInTheDocument();
    expect(screen.getByTestId('trace:list-next')).toBeDisabled();
    expect(api.callsTo('GET', '/api/traces').at(-1)?.url.search).toBe('?limit=10&offset=10');
    await user.click(screen.getByTestId('trace:list-prev'));
    expect(await screen.findByTestId(`trace:list-row-${trace(0).id}`)).toBeInTheDocument();
  });

  it('shows the server detail on error', async () => {
    mockApi({ 'GET /api/traces': apiError(503, 'Database unavailable; retry shortly') });
    renderWithProviders(<TraceList />);
    await waitFor(() =>
      expect(screen.getByTestId('trace:list-error')).toHaveTextContent(
        'Loading traces failed: Database unavailable; retry shortly (503)',
      ),
    );
  });
});
