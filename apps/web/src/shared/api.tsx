import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ApiClient, createClient } from '@tunix-rt/client';
import { createContext, type ReactNode, useContext, useState } from 'react';

const ApiContext = createContext<ApiClient | null>(null);

/** The one typed client every panel uses (relative URLs: the API server serves this app). */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi must be used inside <AppProviders>');
  return client;
}

export function createQueryClient(options: { retry?: number | false } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: options.retry ?? 1, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

export function AppProviders(props: { children: ReactNode; client?: ApiClient; queryClient?: QueryClient }) {
  const [client] = useState(() => props.client ?? createClient());
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  return (
    <ApiContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{props.children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}
