import { modelNotFound } from './errors.ts';
import type { Reply } from '../reply.ts';

/** Listed when no `models` option restricts the server (which then accepts any model). */
export const defaultModels = ['claude-sonnet-5', 'claude-haiku-4-5'];

/** 'claude-haiku-4-5' → 'Claude Haiku 4.5': a readable name without a table of real models. */
function displayName(id: string): string {
  return id
    .split(/-(?=\D)|(?<=\D)-/)
    .map((part) => (/^\d/.test(part) ? part.replaceAll('-', '.') : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

function model(id: string): object {
  return { type: 'model', id, display_name: displayName(id), created_at: '2025-01-01T00:00:00Z' };
}

/** GET /v1/models: every model on one page. */
export function listModels(models: string[] | undefined): Reply {
  const ids = models ?? defaultModels;
  return { kind: 'json', status: 200, body: { data: ids.map(model), has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null } };
}

/** GET /v1/models/{id} */
export function retrieveModel(id: string, models: string[] | undefined): Reply {
  if (models !== undefined && !models.includes(id)) return modelNotFound(id);
  return { kind: 'json', status: 200, body: model(id) };
}
