import { type ApiClient, createClient } from '@tunix-rt/client';
import type { ApiOptions } from './options';

export function clientFor(options: ApiOptions): ApiClient {
  return createClient({ baseUrl: options.url, apiKey: options.apiKey });
}
