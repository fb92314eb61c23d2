import { describe, expect, it } from 'vitest';
import { datasetKeyFor, INITIAL_BUILD_FORM, toBuildRequest } from './validate';

const form = (patch: Partial<typeof INITIAL_BUILD_FORM>) => ({ ...INITIAL_BUILD_FORM, name: 'hcd', ...patch });

describe('dataset build form validation', () => {
  it('derives the key like the server', () => {
    expect(datasetKeyFor('my data/set', 'v 1/2')).toBe('my_data_set-v_1_2');
  });

  it('builds a request from valid values', () => {
    expect(toBuildRequest(form({ filters: '{"source":"ungar"}', limit: '50' }))).toEqual({
      request: {
        dataset_name: 'hcd',
        dataset_version: 'v1',
        selection_strategy: 'latest',
        seed: null,
        limit: 50,
        filters: { source: 'ungar' },
      },
    });
  });

  it.each([
    [{ name: '' }, 'Dataset name is required'],
    [{ version: '' }, 'Dataset version is required'],
    [{ name: 'a..b' }, 'invalid'],
    [{ name: 'x?y' }, 'invalid'],
    [{ limit: '0' }, 'Limit must be between 1 and 10000'],
    [{ limit: '10001' }, 'Limit must be between 1 and 10000'],
    [{ limit: '1.5' }, 'Limit must be between 1 and 10000'],
    [{ strategy: 'random' as const }, 'Random selection requires a seed'],
    [{ seed: 'abc' }, 'Seed must be an integer'],
    [{ filters: '{' }, 'Filters must be valid JSON'],
    [{ filters: '[1]' }, 'Filters must be a JSON object'],
    [{ filters: '"x"' }, 'Filters must be a JSON object'],
  ])('rejects %j', (patch, message) => {
    const result = toBuildRequest(form(patch));
    expect('error' in result && result.error).toContain(message);
  });

  it('accepts random with a seed and empty filters', () => {
    const result = toBuildRequest(form({ strategy: 'random', seed: '7', filters: '' }));
    expect(result).toMatchObject({ request: { selection_strategy: 'random', seed: 7, filters: {} } });
  });
});
