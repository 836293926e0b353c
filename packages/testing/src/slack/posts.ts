import type { RecordedPost } from './types.ts';

export type ApiResult = Record<string, unknown>;

export function fail(error: string): ApiResult {
  return { ok: false, error };
}

export function post(via: RecordedPost['via'], fields: Partial<Omit<RecordedPost, 'via'>>): RecordedPost {
  return {
    via,
    channel: fields.channel,
    ts: fields.ts,
    threadTs: fields.threadTs,
    text: fields.text,
    blocks: fields.blocks,
    user: fields.user,
    reaction: fields.reaction,
    files: fields.files ?? [],
    params: fields.params ?? {},
  };
}
