import { findPresetModel, matchModelId } from './presets.ts';
import type { Price, TokenUsage } from './types.ts';

export interface PriceLookup {
  /** The preset whose table to read; a custom provider has no table, only overrides. */
  presetId?: string;
  /** The operator's prices, model id → USD per million tokens; they win over the preset table. */
  overrides?: Record<string, Price>;
}

/** What a model costs, matching a dated snapshot to its family by longest prefix (see matchModelId). */
export function priceOf(model: string, { presetId, overrides }: PriceLookup = {}): Price | undefined {
  if (overrides) {
    const id = matchModelId(model, Object.keys(overrides));
    if (id !== undefined) return overrides[id];
  }
  if (presetId === undefined) return undefined;
  return findPresetModel(presetId, model)?.price;
}

/** The cost in USD of one call's tokens. */
export function costUsd(usage: TokenUsage, price: Price): number {
  return (usage.inputTokens * price.input) / 1e6 + (usage.outputTokens * price.output) / 1e6;
}
