import { describe, expect, it } from 'vitest';
import { budgetMessage, checkBudget } from './budget.ts';

describe('checkBudget', () => {
  it('allows anything without a limit', () => {
    expect(checkBudget({ spentTodayUsd: 1e6, limitUsd: undefined })).toEqual({ ok: true });
  });

  it('allows a call under the limit, and refuses once it is reached', () => {
    expect(checkBudget({ spentTodayUsd: 0.99, limitUsd: 1 })).toEqual({ ok: true });
    expect(checkBudget({ spentTodayUsd: 1, limitUsd: 1 })).toEqual({ ok: false, spentUsd: 1, limitUsd: 1, estimatedCostUsd: undefined });
    expect(checkBudget({ spentTodayUsd: 1.0234, limitUsd: 1 })).toMatchObject({ ok: false, spentUsd: 1.0234 });
  });

  it('refuses a call whose estimate would go over', () => {
    expect(checkBudget({ spentTodayUsd: 0.9, limitUsd: 1, estimatedCostUsd: 0.1 })).toEqual({ ok: true });
    expect(checkBudget({ spentTodayUsd: 0.9, limitUsd: 1, estimatedCostUsd: 0.2 })).toEqual({ ok: false, spentUsd: 0.9, limitUsd: 1, estimatedCostUsd: 0.2 });
  });

  it('refuses everything on a zero budget', () => {
    expect(checkBudget({ spentTodayUsd: 0, limitUsd: 0 }).ok).toBe(false);
  });
});

describe('budgetMessage', () => {
  it('says what was spent, of what, and when it resets', () => {
    expect(budgetMessage({ spentUsd: 1.0234, limitUsd: 1 })).toBe('this flow has spent $1.0234 of its $1.00 daily model budget (resets at 00:00 UTC)');
    expect(budgetMessage({ spentUsd: 0.9, limitUsd: 1, estimatedCostUsd: 0.2 })).toBe(
      'this flow has spent $0.9000 of its $1.00 daily model budget, and this call would cost about $0.2000 (resets at 00:00 UTC)',
    );
  });
});
