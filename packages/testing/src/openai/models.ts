import type { Reply } from '../reply.ts';
import { modelNotFound } from './errors.ts';

/** Listed when no `models` option restricts the server (which then accepts any model). */
export const defaultModels = ['gpt-4o-mini', 'text-embedding-3-small', 'tts-1', 'whisper-1'];

function model(id: string): object {
  return { id, object: 'model', created: 0, owned_by: 'switchboard-testing' };
}

/** GET /v1/models */
export function listModels(models: string[] | undefined): Reply {
  return { kind: 'json', status: 200, body: { object: 'list', data: (models ?? defaultModels).map(model) } };
}

/** GET /v1/models/{id} */
export function retrieveModel(id: string, models: string[] | undefined): Reply {
  if (models !== undefined && !models.includes(id)) return modelNotFound(id);
  return { kind: 'json', status: 200, body: model(id) };
}
