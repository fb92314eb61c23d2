import { randomBytes } from 'node:crypto';
import type { TracePayload } from '@tunix-rt/contract';
import { PyRandom } from '../random/mt19937';

// UNGAR "High Card Duel", played natively (DECISIONS.md D3; rules and mapping FORMATS.md §8).
// The deal uses the CPython-compatible PRNG so reference seeds give the reference cards.

/** Canonical orders (FORMATS.md §8.1); the deck order decides what a seed deals. */
export const SUITS = ['S', 'H', 'D', 'C'] as const;
export const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', 'T', 'J', 'Q', 'K'] as const;
export type Suit = (typeof SUITS)[number];
export type Rank = (typeof RANKS)[number];

export interface Card {
  rank: Rank;
  suit: Suit;
}

export type DuelResult = 'win' | 'loss' | 'tie';

export interface Episode {
  /** Player 0 ("me"). */
  myCard: Card;
  /** Player 1. */
  opponentCard: Card;
  /** Player 0's return: +1, −1 or 0. */
  myReturn: 1 | -1 | 0;
}

/** Short notation, rank letter then suit letter: `AS`, `TD`. */
export const cardShort = (card: Card): string => `${card.rank}${card.suit}`;

/** Suit-major, rank-minor: AS 2S … KS AH … KC. */
export function canonicalDeck(): Card[] {
  return SUITS.flatMap((suit) => RANKS.map((rank) => ({ rank, suit })));
}

/** Ace is high (99); suits never break ties. */
export function cardValue(card: Card): number {
  if (card.rank === 'A') return 99;
  return RANKS.indexOf(card.rank) + 1;
}

/** Seeded deals are reproducible; `null` draws a fresh 64-bit seed. */
export function dealEpisode(seed: number | null): Episode {
  const rng = new PyRandom(seed ?? randomBytes(8).readBigUInt64LE());
  const deck = canonicalDeck();
  rng.shuffle(deck);
  const myCard = deck[0]!;
  const opponentCard = deck[1]!;
  const diff = cardValue(myCard) - cardValue(opponentCard);
  return { myCard, opponentCard, myReturn: diff > 0 ? 1 : diff < 0 ? -1 : 0 };
}

export function episodeResult(episode: Episode): DuelResult {
  return episode.myReturn > 0 ? 'win' : episode.myReturn < 0 ? 'loss' : 'tie';
}

/** FORMATS.md §8.4; `seed` is the request's base seed and is present only when one was given. */
export function episodeToTrace(episode: Episode, k: number, requestSeed: number | null): TracePayload {
  const myCard = cardShort(episode.myCard);
  const meta: Record<string, unknown> = {
    source: 'ungar',
    game: 'high_card_duel',
    episode_index: k,
    my_card: myCard,
    opponent_card: cardShort(episode.opponentCard),
    result: episodeResult(episode),
  };
  if (requestSeed !== null) meta.seed = requestSeed;
  return {
    trace_version: '1.0',
    prompt: 'High Card Duel: You have 1 hidden card. Action: reveal.',
    final_answer: 'reveal',
    steps: [
      { i: 0, type: 'legal_moves', content: 'Legal moves: [reveal]' },
      { i: 1, type: 'observation', content: `My hand: ${myCard}` },
      // Constant: the opponent's card is hidden until both reveal, so 51 cards are unseen.
      { i: 2, type: 'unseen', content: 'Unseen cards: 51' },
      { i: 3, type: 'decision', content: 'Action chosen: reveal' },
    ],
    meta,
  };
}

/** Episode k is dealt with `seed + k` (so seed 0's episode 1 equals seed 1's episode 0). */
export function generateHighCardDuel({ count, seed }: { count: number; seed: number | null }): TracePayload[] {
  const traces: TracePayload[] = [];
  for (let k = 0; k < count; k++) {
    traces.push(episodeToTrace(dealEpisode(seed === null ? null : seed + k), k, seed));
  }
  return traces;
}
