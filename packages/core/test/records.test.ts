import type { TracePayload } from '@tunix-rt/contract';
import { describe, expect, it } from 'vitest';
import {
  EXPORT_SHAPES,
  type ExportSourceRow,
  toJsonLine,
  toSftRecord,
  toTraceRecord,
  toTrainingExampleRecord,
} from '../src/exports/records';
import { TRAINING_EXAMPLE_NAMESPACE, uuidV5 } from '../src/exports/uuid-v5';

const ID = '3f2b6c1e-8d4a-4b7e-9c2d-1a5e6f7b8c9d';
const CREATED = '2025-12-22T10:00:00.123Z';
const TAGS = ['temperature', 'conversion', 'fahrenheit', 'celsius'];
const CONTENTS = [
  'Parse the temperature conversion task: 68°F to °C',
  'Use the formula: °C = (°F - 32) × 5/9',
  'Calculate: (68 - 32) = 36',
  'Calculate: 36 × 5/9 = 20',
  'Final answer: 20°C',
];
const TYPES = ['parse', 'formula', 'compute', 'compute', 'result'];
const RESPONSE =
  'Reasoning:\n1. Parse the temperature conversion task: 68°F to °C\n2. Use the formula: °C = (°F - 32) × 5/9\n' +
  '3. Calculate: (68 - 32) = 36\n4. Calculate: 36 × 5/9 = 20\n5. Final answer: 20°C\nAnswer: 20°C';

function row(meta: Record<string, unknown> | null = { source: 'example', tags: TAGS }): ExportSourceRow {
  const payload: TracePayload = {
    trace_version: '1.0',
    prompt: 'Convert 68°F to Celsius',
    final_answer: '20°C',
    steps: CONTENTS.map((content, i) => ({ i, type: TYPES[i]!, content })),
    meta,
  };
  return { id: ID, created_at: new Date(CREATED), payload };
}

describe('export records (FORMATS.md §5, DECISIONS.md D1)', () => {
  it('builds the trace shape', () => {
    const record = toTraceRecord(row());
    expect(record).toEqual({
      id: ID,
      prompts: 'Convert 68°F to Celsius',
      trace_steps: CONTENTS,
      final_answer: '20°C',
      metadata: { created_at: CREATED, trace_version: '1.0', source: 'example', tags: TAGS },
    });
    expect(Object.keys(record)).toEqual(['id', 'prompts', 'trace_steps', 'final_answer', 'metadata']);
    expect(Object.keys(record.metadata)).toEqual(['created_at', 'trace_version', 'source', 'tags']);
  });

  it('builds the tunix_sft shape with the whole conversation', () => {
    const record = toSftRecord(row());
    expect(record).toEqual({
      id: ID,
      prompts: `<start_of_turn>user\nConvert 68°F to Celsius<end_of_turn>\n<start_of_turn>model\n${RESPONSE}<end_of_turn>`,
      final_answer: '20°C',
      metadata: { created_at: CREATED, trace_version: '1.0', format: 'tunix_sft', source: 'example', tags: TAGS },
    });
    expect(Object.keys(record)).toEqual(['id', 'prompts', 'final_answer', 'metadata']);
    expect(Object.keys(record.metadata)).toEqual(['created_at', 'trace_version', 'format', 'source', 'tags']);
  });

  it('builds the training_example shape with a deterministic v5 id', () => {
    const record = toTrainingExampleRecord(row());
    expect(record).toEqual({
      id: '1b68522b-47f1-53d4-9cb7-92774dde4dac', // Python: uuid5(UUID(namespace), ID)
      prompt: 'Convert 68°F to Celsius\n\nPlease show your reasoning steps.',
      response: RESPONSE,
      metadata: { source_trace_id: ID, created_at: CREATED, trace_version: '1.0', source: 'example', tags: TAGS },
    });
    expect(Object.keys(record)).toEqual(['id', 'prompt', 'response', 'metadata']);
    expect(toTrainingExampleRecord(row()).id).toBe(record.id);
  });

  it('never lets meta overwrite reserved keys', () => {
    const meta = { created_at: 'x', trace_version: 'y', format: 'z', source_trace_id: 'w', extra: 1 };
    expect(toTraceRecord(row(meta)).metadata).toEqual({
      created_at: CREATED,
      trace_version: '1.0',
      format: 'z',
      source_trace_id: 'w',
      extra: 1,
    });
    expect(toSftRecord(row(meta)).metadata).toMatchObject({ format: 'tunix_sft', created_at: CREATED });
    expect(toTrainingExampleRecord(row(meta)).metadata).toMatchObject({ source_trace_id: ID, trace_version: '1.0' });
  });

  it('treats null meta as contributing nothing', () => {
    expect(toTraceRecord(row(null)).metadata).toEqual({ created_at: CREATED, trace_version: '1.0' });
  });

  it('keeps a "__proto__" meta key as plain data', () => {
    const meta = JSON.parse('{"__proto__": {"polluted": true}}');
    const metadata = toTraceRecord(row(meta)).metadata as Record<string, unknown>;
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(metadata.polluted).toBeUndefined();
    expect(Object.keys(metadata)).toEqual(['created_at', 'trace_version', '__proto__']);
    expect(toJsonLine(metadata)).toContain('"__proto__":{"polluted":true}');
  });

  it('dispatches by shape and writes one line per record', () => {
    expect(EXPORT_SHAPES.trace(row())).toEqual(toTraceRecord(row()));
    expect(EXPORT_SHAPES.tunix_sft(row())).toEqual(toSftRecord(row()));
    expect(EXPORT_SHAPES.training_example(row())).toEqual(toTrainingExampleRecord(row()));
    const line = toJsonLine(toTraceRecord(row()));
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(toTraceRecord(row()));
  });
});

describe('uuidV5', () => {
  it('matches the RFC example (DNS namespace, python.org)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('has version 5 and the RFC variant', () => {
    expect(uuidV5('anything', TRAINING_EXAMPLE_NAMESPACE)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  });
});
