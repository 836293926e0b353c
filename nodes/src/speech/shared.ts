import { z } from 'zod';
import { hint } from '../shared/ui.ts';
import { PROVIDER_IDS } from '../shared/model/config.ts';

/** Providers with OpenAI-compatible audio endpoints (Anthropic has none). */
export const SPEECH_PROVIDERS = PROVIDER_IDS.filter((id): id is Exclude<(typeof PROVIDER_IDS)[number], 'anthropic'> => id !== 'anthropic');

export const speechTargetFields = {
  provider: z.enum(SPEECH_PROVIDERS).default('openai').meta(hint('A provider with OpenAI-compatible audio endpoints, or "custom".', { widget: 'select' })),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta(hint('The API root, when not the provider\'s own (ends in /v1 for most). Required for "custom".', { widget: 'text' })),
};
