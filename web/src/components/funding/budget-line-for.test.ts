import type { OrganizationBudgetLine } from '@ponte/shared';
import { describe, expect, it } from 'vitest';
import { budgetLineFor, goesOver } from './budget-line-for';

const line = (overrides: Partial<OrganizationBudgetLine>): OrganizationBudgetLine => ({
  fundingLineId: '00000000-0000-4000-8000-000000000001',
  name: 'FAMI',
  funder: 'Ministero',
  from: '2026-09-01',
  to: '2027-06-30',
  serviceTypes: [],
  overBudget: 'approve',
  budgetMinutes: 2400,
  bookedMinutes: 600,
  deliveredMinutes: 1080,
  remainingMinutes: 720,
  ...overrides,
});

describe('budgetLineFor', () => {
  const social = line({ fundingLineId: 'social', from: '2026-01-01', serviceTypes: ['home_visit'] });
  const school = line({ fundingLineId: 'school', serviceTypes: ['school_welcome'] });

  it('takes the first line by from whose period and services hold the request', () => {
    expect(budgetLineFor([school, social], { serviceType: 'home_visit', date: '2026-11-10' })?.fundingLineId).toBe(
      'social',
    );
    expect(budgetLineFor([social, school], { serviceType: 'school_welcome', date: '2026-11-10' })?.fundingLineId).toBe(
      'school',
    );
  });

  it('holds both ends of the period, and nothing beyond', () => {
    expect(budgetLineFor([school], { serviceType: 'school_welcome', date: '2027-06-30' })).not.toBeNull();
    expect(budgetLineFor([school], { serviceType: 'school_welcome', date: '2027-07-01' })).toBeNull();
    expect(budgetLineFor([school], { serviceType: 'school_welcome', date: '2026-08-31' })).toBeNull();
  });

  it('has no line before a service and a date are chosen', () => {
    expect(budgetLineFor([school], { serviceType: null, date: '2026-11-10' })).toBeNull();
    expect(budgetLineFor([school], { serviceType: 'school_welcome', date: '' })).toBeNull();
  });
});

describe('goesOver', () => {
  it('is true only beyond what is left', () => {
    expect(goesOver(line({}), 720)).toBe(false);
    expect(goesOver(line({}), 721)).toBe(true);
  });
});
