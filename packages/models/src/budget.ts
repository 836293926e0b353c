export interface BudgetCheck {
  spentTodayUsd: number;
  /** The flow's daily limit; undefined means no budget. */
  limitUsd: number | undefined;
  /** What the coming call may cost, when the price is known. */
  estimatedCostUsd?: number;
}

export type BudgetDecision = { ok: true } | { ok: false; spentUsd: number; limitUsd: number; estimatedCostUsd: number | undefined };

/**
 * Whether a flow may make another model call today: refused once the spending has reached the
 * limit, or when this call's estimate would take it over.
 */
export function checkBudget({ spentTodayUsd, limitUsd, estimatedCostUsd }: BudgetCheck): BudgetDecision {
  if (limitUsd === undefined) return { ok: true };
  if (spentTodayUsd + (estimatedCostUsd ?? 0) <= limitUsd && spentTodayUsd < limitUsd) return { ok: true };
  return { ok: false, spentUsd: spentTodayUsd, limitUsd, estimatedCostUsd };
}

/** The operator-facing reason for a refusal. */
export function budgetMessage({ spentUsd, limitUsd, estimatedCostUsd }: { spentUsd: number; limitUsd: number; estimatedCostUsd?: number | undefined }): string {
  const spent = `this flow has spent $${spentUsd.toFixed(4)} of its $${limitUsd.toFixed(2)} daily model budget`;
  const overBy = spentUsd < limitUsd && estimatedCostUsd !== undefined ? `, and this call would cost about $${estimatedCostUsd.toFixed(4)}` : '';
  return `${spent}${overBy} (resets at 00:00 UTC)`;
}
