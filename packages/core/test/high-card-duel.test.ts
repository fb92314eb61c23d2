import { describe, expect, it } from 'vitest';
import {
  canonicalDeck,
  cardShort,
  cardValue,
  dealEpisode,
  episodeResult,
  episodeToTrace,
  generateHighCardDuel,
} from '../src/ungar/high-card-duel';

// FORMATS.md §8.6: reproducing every cell proves the deal is bit-exact with CPython.
const VECTORS: Record<number, string[]> = {
  0: ['3D/KS/loss', 'JC/TS/win', '3H/4D/loss', 'AH/3D/win', 'QD/TH/win'],
  1: ['JC/TS/win', '3H/4D/loss', 'AH/3D/win', 'QD/TH/win', 'QS/6H/win'],
  42: ['TS/JH/loss', '2H/QH/loss', 'AH/5S/win', 'QC/8D/win', '3C/7D/loss'],
  123: ['QD/JC/win', '4H/5C/loss', '8C/9D/loss', '8D/AD/loss', 'AH/4D/win'],
  777: ['2C/QS/loss', 'QS/QC/tie', '2D/TC/loss', '4S/2H/win', 'KD/QS/win'],
  999: ['KD/7H/win', '4S/AC/loss', '6C/4C/win', '8S/3C/win', '3H/6C/loss'],
};

describe('cards (FORMATS.md §8.1)', () => {
  it('orders the deck suit-major, rank-minor', () => {
    const deck = canonicalDeck().map(cardShort);
    expect(deck).toHaveLength(52);
    expect(deck.slice(0, 14)).toEqual([
      'AS',
      '2S',
      '3S',
      '4S',
      '5S',
      '6S',
      '7S',
      '8S',
      '9S',
      'TS',
      'JS',
      'QS',
      'KS',
      'AH',
    ]);
    expect(deck.at(-1)).toBe('KC');
    expect(new Set(deck).size).toBe(52);
  });

  it('values the ace highest', () => {
    expect(cardValue({ rank: 'A', suit: 'S' })).toBe(99);
    expect(cardValue({ rank: '2', suit: 'S' })).toBe(2);
    expect(cardValue({ rank: 'T', suit: 'S' })).toBe(10);
    expect(cardValue({ rank: 'K', suit: 'S' })).toBe(13);
  });
});

describe('High Card Duel deal', () => {
  it.each(Object.entries(VECTORS))('matches the test vectors for request seed %s', (seed, expected) => {
    const traces = generateHighCardDuel({ count: 5, seed: Number(seed) });
    const cells = traces.map((t) => `${t.meta?.my_card}/${t.meta?.opponent_card}/${t.meta?.result}`);
    expect(cells).toEqual(expected);
    expect(traces.map((t) => t.meta?.episode_index)).toEqual([0, 1, 2, 3, 4]);
    expect(traces.every((t) => t.meta?.seed === Number(seed))).toBe(true);
  });

  it('derives the result from player 0', () => {
    const episode = dealEpisode(777 + 1);
    expect(episode.myReturn).toBe(0);
    expect(episodeResult(episode)).toBe('tie');
  });

  it('deals two distinct cards without a seed and omits meta.seed', () => {
    const episode = dealEpisode(null);
    expect(cardShort(episode.myCard)).not.toBe(cardShort(episode.opponentCard));
    const [trace] = generateHighCardDuel({ count: 1, seed: null });
    expect(trace?.meta).not.toHaveProperty('seed');
    expect(Object.keys(trace?.meta ?? {})).toEqual([
      'source',
      'game',
      'episode_index',
      'my_card',
      'opponent_card',
      'result',
    ]);
  });

  it('generates nothing for count 0', () => {
    expect(generateHighCardDuel({ count: 0, seed: 1 })).toEqual([]);
  });
});

describe('episodeToTrace (FORMATS.md §8.5)', () => {
  it('maps seed 42, episode 0 to the worked trace', () => {
    const trace = episodeToTrace(dealEpisode(42), 0, 42);
    expect(trace).toEqual({
      trace_version: '1.0',
      prompt: 'High Card Duel: You have 1 hidden card. Action: reveal.',
      final_answer: 'reveal',
      steps: [
        { i: 0, type: 'legal_moves', content: 'Legal moves: [reveal]' },
        { i: 1, type: 'observation', content: 'My hand: TS' },
        { i: 2, type: 'unseen', content: 'Unseen cards: 51' },
        { i: 3, type: 'decision', content: 'Action chosen: reveal' },
      ],
      meta: {
        source: 'ungar',
        game: 'high_card_duel',
        episode_index: 0,
        my_card: 'TS',
        opponent_card: 'JH',
        result: 'loss',
        seed: 42,
      },
    });
    expect(Object.keys(trace.meta ?? {})).toEqual([
      'source',
      'game',
      'episode_index',
      'my_card',
      'opponent_card',
      'result',
      'seed',
    ]);
  });
});
