import { PRESETS } from '@switchboard/models/presets';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from './config.ts';

describe('the provider choices of the model nodes', () => {
  it('are the presets of @switchboard/models, in the same order', () => {
    expect([...PROVIDER_IDS]).toEqual(PRESETS.map((preset) => preset.id));
  });
});
