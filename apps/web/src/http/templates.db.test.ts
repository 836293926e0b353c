import type { FlowDetail, TemplateSummary } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function templates(): Promise<TemplateSummary[]> {
  return (await api.app.inject({ method: 'GET', url: '/api/v1/templates' })).json<{ items: TemplateSummary[] }>().items;
}

describe('instance templates', () => {
  it('saves a flow as a template, lists it beside the built-ins, makes flows from it, and deletes it', async () => {
    // A flow with a credential on its model node: the template must not carry the credential id.
    const source = (await api.app.inject({ method: 'POST', url: '/api/v1/templates/llm-chat-bot/flows' })).json<FlowDetail>();
    const withCredential = {
      ...source.draft,
      description: 'the original description',
      nodes: source.draft.nodes.map((node) => (node.id === 'llm' ? { ...node, credentialId: '00000000-0000-4000-8000-00000000c0de' } : node)),
    };
    expect((await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${source.id}`, payload: withCredential })).statusCode).toBe(200);

    const saved = await api.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      payload: { flowId: source.id, name: '  Support assistant ', description: 'Answers with a model' },
    });
    expect(saved.statusCode).toBe(201);
    const template = saved.json<TemplateSummary>();
    expect(template).toMatchObject({ name: 'Support assistant', description: 'Answers with a model', source: 'instance', requires: { credentials: ['openai'] } });

    const listed = await templates();
    expect(listed.filter((item) => item.source === 'builtin').map((item) => item.id)).toEqual(['agent-assistant', 'form-bot', 'llm-chat-bot', 'rules-bot', 'telegram-demo']);
    expect(listed.at(-1)).toEqual(template);

    const created = await api.app.inject({ method: 'POST', url: `/api/v1/templates/${template.id}/flows` });
    expect(created.statusCode).toBe(201);
    const copy = created.json<FlowDetail>();
    expect(copy).toMatchObject({ name: 'Support assistant', description: 'Answers with a model', publishedVersion: null });
    expect(copy.id).not.toBe(source.id);
    expect(copy.draft.nodes.map((node) => node.id)).toEqual(source.draft.nodes.map((node) => node.id));
    expect(JSON.stringify(copy.draft)).not.toContain('credentialId');

    // Editing the source flow later does not change the template.
    await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${source.id}`, payload: echoFlow('Changed') });
    const again = (await api.app.inject({ method: 'POST', url: `/api/v1/templates/${template.id}/flows` })).json<FlowDetail>();
    expect(again.draft.nodes.map((node) => node.id)).toEqual(copy.draft.nodes.map((node) => node.id));

    const deleted = await api.app.inject({ method: 'DELETE', url: `/api/v1/templates/${template.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await templates()).map((item) => item.id)).not.toContain(template.id);
    expect((await api.app.inject({ method: 'POST', url: `/api/v1/templates/${template.id}/flows` })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'DELETE', url: `/api/v1/templates/${template.id}` })).statusCode).toBe(404);
  });

  it('takes the name and description from the flow when they are left out', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: { ...echoFlow('Echo starter'), description: 'Says it back' } })).json<FlowDetail>();
    const saved = await api.app.inject({ method: 'POST', url: '/api/v1/templates', payload: { flowId: flow.id } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json<TemplateSummary>()).toMatchObject({ name: 'Echo starter', description: 'Says it back', source: 'instance' });
  });

  it('refuses to delete a built-in template with 409, and says why', async () => {
    const res = await api.app.inject({ method: 'DELETE', url: '/api/v1/templates/rules-bot' });
    expect(res.statusCode).toBe(409);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('builtin_template');
    expect(error.message).toContain('built-in');
    expect((await templates()).map((item) => item.id)).toContain('rules-bot');
  });

  it('answers 400 naming the field for a bad request, 404 for an unknown flow', async () => {
    const noFlow = await api.app.inject({ method: 'POST', url: '/api/v1/templates', payload: { name: 'x' } });
    expect(noFlow.statusCode).toBe(400);
    expect(noFlow.json<ErrorAnswer>().error.message).toContain('flowId');
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow() })).json<FlowDetail>();
    const blank = await api.app.inject({ method: 'POST', url: '/api/v1/templates', payload: { flowId: flow.id, name: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<ErrorAnswer>().error.message).toContain('name');
    const unknown = await api.app.inject({ method: 'POST', url: '/api/v1/templates', payload: { flowId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.statusCode).toBe(404);
  });
});
