import type { FlowDetail, FlowVersionView } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function importFlow(): Promise<FlowDetail> {
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Versioned') });
  expect(created.statusCode).toBe(201);
  return created.json<FlowDetail>();
}

async function publish(flowId: string): Promise<void> {
  const res = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/publish` });
  expect(res.statusCode).toBe(201);
}

describe('flow versions', () => {
  it('reads a published version with the document it was published from', async () => {
    const flow = await importFlow();
    await publish(flow.id);
    const changed = echoFlow('Versioned');
    changed.nodes[1] = { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'Second' } };
    await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, payload: changed });
    await publish(flow.id);

    const first = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}/versions/1` });
    expect(first.statusCode).toBe(200);
    const v1 = first.json<FlowVersionView>();
    expect(v1).toMatchObject({ version: 1, document: { name: 'Versioned' } });
    expect(v1.document.nodes[1]?.config).toEqual({ text: 'You said: {{ message.text }}' });
    expect(Number.isNaN(Date.parse(v1.createdAt))).toBe(false);
    const v2 = (await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}/versions/2` })).json<FlowVersionView>();
    expect(v2.document.nodes[1]?.config).toEqual({ text: 'Second' });
    expect(v2.id).not.toBe(v1.id);
  });

  it('restores a version into the draft without publishing it', async () => {
    const flow = await importFlow();
    await publish(flow.id);
    await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, payload: { ...echoFlow('Renamed'), description: 'changed' } });
    await publish(flow.id);

    const restored = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/versions/1/restore` });
    expect(restored.statusCode).toBe(200);
    const detail = restored.json<FlowDetail>();
    expect(detail).toMatchObject({ name: 'Versioned', description: null, publishedVersion: 2 });
    const v1 = (await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}/versions/1` })).json<FlowVersionView>();
    const read = (await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` })).json<FlowDetail>();
    expect(read.draft).toEqual(v1.document);
    expect(read.versions.map((version) => version.version)).toEqual([1, 2]);
  });

  it('answers 404 naming the versions there are', async () => {
    const flow = await importFlow();
    const none = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}/versions/1` });
    expect(none.statusCode).toBe(404);
    expect(none.json<ErrorAnswer>().error).toMatchObject({ code: 'version_not_found', message: `flow ${flow.id} has no version 1: the flow has no published versions yet` });

    await publish(flow.id);
    await publish(flow.id);
    const missing = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/versions/7/restore` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorAnswer>().error).toEqual({ code: 'version_not_found', message: `flow ${flow.id} has no version 7: its versions are 1, 2`, details: { versions: [1, 2] } });

    const noFlow = await api.app.inject({ method: 'GET', url: '/api/v1/flows/00000000-0000-4000-8000-000000000000/versions/1' });
    expect(noFlow.statusCode).toBe(404);
    expect(noFlow.json<ErrorAnswer>().error.code).toBe('flow_not_found');
  });

  it('answers 400 for a version that is not a whole number', async () => {
    const flow = await importFlow();
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}/versions/latest` });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorAnswer>().error.message).toContain('version: a version is a whole number from 1');
  });
});
