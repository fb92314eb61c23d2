import { Health, RediHealth } from '@tunix-rt/contract';
import type { AppContext } from '../context';
import type { TypedApp } from '../types';

export function registerHealthRoutes(app: TypedApp, ctx: AppContext): void {
  app.get(
    '/api/health',
    { schema: { tags: ['health'], summary: 'Liveness of this service', response: { 200: Health } } },
    async () => ({ status: 'healthy' }),
  );
  app.get(
    '/api/redi/health',
    { schema: { tags: ['health'], summary: 'RediAI integration health (cached)', response: { 200: RediHealth } } },
    async () => ctx.rediHealth(),
  );
}
