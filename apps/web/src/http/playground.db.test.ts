import type { FlowDetail } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
let flowId: string;
beforeAll(async () => {
  api = await startTestApi();
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow() });
  flowId = created.json<FlowDetail>().id;
}, 120_000);
afterAll(async () => {
  await api.close();
});

function send(payload: unknown, query = '') {
  return api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/playground${query}`, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
}

describe('playground', () => {
  it('runs the unpublished draft', async () => {
    const res = await send({ sessionId: 's', text: 'hi' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', replies: [{ text: 'You said: hi' }], spans: [{ nodeId: 'in' }, { nodeId: 'out' }] });
  });

  it('streams NDJSON ending with the result', async () => {
    const res = await send({ sessionId: 's', text: 'stream' }, '?stream=1');
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.trimEnd().split('\n').map((line): unknown => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'node.started' });
    expect(lines.at(-1)).toMatchObject({ type: 'result', status: 'completed', replies: [{ text: 'You said: stream' }] });
  });

  it('lists the bad fields of an invalid body', async () => {
    const res = await send({ sessionId: '', text: 1, kind: 'webhook' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('invalid_request');
    for (const field of ['sessionId', 'text', 'kind']) expect(error.message).toContain(field);
  });

  it('resets a session, and answers 404 for an unknown flow', async () => {
    const res = await api.app.inject({ method: 'DELETE', url: `/api/v1/flows/${flowId}/playground/s` });
    expect(res.statusCode).toBe(204);
    const unknown = await api.app.inject({ method: 'DELETE', url: '/api/v1/flows/00000000-0000-4000-8000-000000000000/playground/s' });
    expect(unknown.statusCode).toBe(404);
  });
});
