import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from './test/mockApi';
import { renderApp } from './test/render';

describe('App', () => {
  it('renders the header and every panel', async () => {
    mockApi();
    renderApp();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Tunix RT');
    expect(screen.getByText('Reasoning-Trace Framework with RediAI Integration')).toBeInTheDocument();
    for (const id of ['trace:section', 'compare:section', 'ungar:section', 'dataset:section', 'tunix:section']) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    expect(await screen.findByTestId('sys:api-status')).toHaveTextContent('API: healthy');
  });
});
