import type { FlowDetail } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

describe('DELETE /api/v1/flows/:id', () => {
  it('deletes a flow with its versions, conversations and runs', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Doomed') })).json<FlowDetail>();
    const kept = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Kept') })).json<FlowDetail>();
    for (const id of [flow.id, kept.id]) {
      expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` })).statusCode).toBe(201);
      const chat = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/chat`, payload: { conversationId: 'c1', text: 'hi' } });
      expect(chat.statusCode).toBe(200);
    }
    const chat = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/chat`, payload: { conversationId: 'c2', text: 'hi' } });
    const { conversationId, runId } = chat.json<{ conversationId: string; runId: string }>();

    const deleted = await api.app.inject({ method: 'DELETE', url: `/api/v1/flows/${flow.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');

    expect((await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}` })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}` })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/chat`, payload: { conversationId: 'c3', text: 'hi' } })).statusCode).toBe(404);
    const rows = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${flow.id}` });
    expect(rows.json<{ items: unknown[] }>().items).toEqual([]);

    // The other flow and its conversation are untouched.
    const list = (await api.app.inject({ method: 'GET', url: '/api/v1/flows' })).json<{ items: { id: string }[] }>().items.map((f) => f.id);
    expect(list).toContain(kept.id);
    expect(list).not.toContain(flow.id);
    const others = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${kept.id}` });
    expect(others.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('answers 404 for an unknown flow, 400 for an id that is not one', async () => {
    const missing = await api.app.inject({ method: 'DELETE', url: '/api/v1/flows/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorAnswer>().error.code).toMatch(/not_found/);
    const bad = await api.app.inject({ method: 'DELETE', url: '/api/v1/flows/not-a-uuid' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
  });
});
