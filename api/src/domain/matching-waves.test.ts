import { describe, expect, it } from 'vitest';
import { rankCandidates, type MediatorHistory } from './matching.js';
import { familyMediatorOf, onlyLetExpire } from './matching-rules.js';
import { createMatchMediator, createMatchRequest, createMediatorHistory } from './test-factories.js';

/** The two readings of a ranking a wave makes besides its order: the family's mediator and a last call's. */
describe('what a wave reads off the ranking', () => {
  const request = createMatchRequest({ caseRef: 'family-17' });
  const mediators = ['m1', 'm2', 'm3', 'm4'].map((id) => createMatchMediator({ id, fullName: id }));
  const rank = (history: Record<string, Partial<MediatorHistory>>) =>
    rankCandidates({
      request,
      mediators,
      history: new Map(Object.entries(history).map(([id, part]) => [id, createMediatorHistory(part)])),
      travelBufferMinutes: 30,
    });

  it('names the mediator who served the family, whom continuity ranks first', () => {
    const ranking = rank({ m3: { servedCaseRefs: ['family-17'] }, m1: { servedCaseRefs: ['family-2'] } });
    expect(ranking.eligible[0]?.mediatorId).toBe('m3');
    expect(familyMediatorOf(ranking.eligible)).toBe('m3');
  });

  it('names nobody when no candidate served the family', () => {
    expect(familyMediatorOf(rank({ m1: { servedCaseRefs: ['family-2'] } }).eligible)).toBeNull();
    expect(familyMediatorOf([])).toBeNull();
  });

  it('calls back only who is kept out by nothing but an offer of this request they let expire', () => {
    const busyAllWeek = { bookedMinutesInWeek: 100_000 };
    const ranking = rank({
      m1: { refusedThisRequest: 'expired' },
      m2: { refusedThisRequest: 'declined' },
      m3: { refusedThisRequest: 'expired', ...busyAllWeek },
    });
    expect(ranking.excluded.map((candidate) => candidate.mediatorId)).toEqual(['m1', 'm2', 'm3']);
    expect(onlyLetExpire(ranking.excluded)).toEqual(['m1']);
  });
});
