import { render } from '@testing-library/react';
import { createClient } from '@tunix-rt/client';
import type { ReactElement } from 'react';
import { App } from '../App';
import { AppProviders, createQueryClient } from '../shared/api';

export function renderWithProviders(ui: ReactElement) {
  return render(
    <AppProviders client={createClient()} queryClient={createQueryClient({ retry: false })}>
      {ui}
    </AppProviders>,
  );
}

export function renderApp() {
  return renderWithProviders(<App />);
}
