import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import { failureMessage } from './form-messages';

describe('failureMessage', () => {
  it('asks to check the fields when a conflict names one (an e-mail already in use)', () => {
    const taken = new ApiError({
      status: 409,
      code: 'CONFLICT',
      detail: 'A user with this email already exists',
      fieldErrors: { email: 'is already in use' },
    });
    expect(failureMessage(taken)).toEqual({ key: 'errors.checkFields' });
  });

  it('says what the conflict is when it names no field', () => {
    const conflict = new ApiError({
      status: 409,
      code: 'INVALID_TRANSITION',
      detail: 'A request that is completed cannot be cancelled',
    });
    expect(failureMessage(conflict)).toEqual({
      key: 'coordinator.errors.conflict',
      params: { detail: 'A request that is completed cannot be cancelled' },
    });
  });
});
