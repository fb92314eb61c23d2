import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// jsdom lacks these; recharts' ResponsiveContainer and downloads need them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = ResizeObserverStub;
}
if (!URL.createObjectURL) {
  URL.createObjectURL = () => 'blob:stub';
  URL.revokeObjectURL = () => {};
}

afterEach(() => {
  cleanup();
  // The API key is kept in sessionStorage (shared/api.tsx); each test starts without one.
  sessionStorage.clear();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
