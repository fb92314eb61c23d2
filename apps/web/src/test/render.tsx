import { render } from '@testing-library/react';
import { createClient } from '@tunix-rt/client';
import type { ReactElement } from 'react';
import { App } from '../App';
import { AppProviders, createQueryClient } from '../shared/api';

export function renderWithProviders(ui: ReactElement) {
  const queryClient = createQueryClient({ retry: false });
  const result = render(
    <AppProviders client={createClient()} queryClient={queryClient}>
      {ui}
    </AppProviders>,
  );
  return { ...result, queryClient };
}

/**
 * Like renderWithProviders, but lets AppProviders build the client itself (from the API key in
 * sessionStorage, rebuilt when the key changes), as in the real app.
 */
export function renderWithKeyedClient(ui: ReactElement) {
  const queryClient = createQueryClient({ retry: false });
  const result = render(<AppProviders queryClient={queryClient}>{ui}</AppProviders>);
  return { ...result, queryClient };
}

export function renderApp() {
  return renderWithProviders(<App />);
}

/** A promise that never settles: keeps a request "in flight" for loading-state assertions. */
export const never = () => new Promise<never>(() => {});
