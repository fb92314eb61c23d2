import { createHash } from 'node:crypto';

/**
 * Namespace for `training_example` ids. Chosen once at random for tunix-rt and fixed forever:
 * changing it changes every exported id, which defeats the point of deriving them.
 */
export const TRAINING_EXAMPLE_NAMESPACE = 'c281a87e-bc67-4ebd-acbf-62f114cf3bc5';

/** RFC 9562 UUID version 5 (SHA-1 of namespace bytes + UTF-8 name). */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new TypeError(`Invalid namespace UUID: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
