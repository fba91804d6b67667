import { exclusionReasons, rankingReasons } from '@ponte/shared';
import { describe, expect, it } from 'vitest';
import { HARD_RULES, RANKING_PARTS } from './matching-rules.js';

describe('the table of matching rules', () => {
  it('declares one hard rule per exclusion reason of the contract, in its order', () => {
    expect(HARD_RULES.map((rule) => rule.reason)).toEqual([...exclusionReasons]);
  });

  it('declares one ranking part per ranking reason of the contract, highest tier first', () => {
    expect(RANKING_PARTS.map((part) => part.reason)).toEqual([...rankingReasons]);
  });
});
