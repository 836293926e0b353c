import type { FlowDetail, FlowSummary } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

const json = { 'content-type': 'application/json' };

describe('health', () => {
  it('reports the database, the queue and the version', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const { database } = api.service.info; // embedded or postgres, per the vitest project
    expect(res.json()).toEqual({ status: 'ok', database, queue: 'inline', version: 'test' });
  });
});

describe('flows', () => {
  it('imports, lists, reads, edits and publishes a flow', async () => {
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow() });
    expect(created.statusCode).toBe(201);
    const flow = created.json<FlowDetail>();
    expect(flow).toMatchObject({ name: 'Echo', publishedVersion: null, versions: [] });

    const list = await api.app.inject({ method: 'GET', url: '/api/v1/flows' });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: FlowSummary[] }>().items.map((f) => f.id)).toContain(flow.id);

    const read = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` });
    expect(read.json<FlowDetail>().draft.nodes).toHaveLength(2);

    const edited = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, payload: echoFlow('Echo 2') });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<FlowDetail>().name).toBe('Echo 2');

    const published = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/publish` });
    expect(published.statusCode).toBe(201);
    const first = published.json<{ version: number; id: string }>();
    expect(first.version).toBe(1);
    expect(typeof first.id).toBe('string');

    const again = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/publish`, headers: json, payload: '' });
    expect(again.statusCode).toBe(201); // an empty JSON body counts as no body
    expect(again.json()).toMatchObject({ version: 2 });
  });

  it('answers 400 with the problem for an invalid document', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: { ...echoFlow(), nodes: 'none' } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('invalid_document');
    expect(error.message).toContain('nodes');
  });

  it('answers 422 with the compiler problems when the draft does not compile', async () => {
    const broken = echoFlow('Broken');
    broken.edges = [{ id: 'e1', source: 'in', sourcePort: 'no-such-port', target: 'out', targetPort: 'in' }];
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: broken });
    expect(created.statusCode).toBe(201);
    const res = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${created.json<FlowDetail>().id}/publish` });
    expect(res.statusCode).toBe(422);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('compile_failed');
    expect(Array.isArray(error.details) && error.details.length > 0).toBe(true);
  });

  it('answers 404 for an unknown flow', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/flows/00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorAnswer>().error.code).toMatch(/not_found/);
  });
});

describe('errors', () => {
  it('answers 400 with the parser reason for malformed JSON', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/flows', headers: json, payload: '{"name": ' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/^request body is not valid JSON: ./);
  });

  it('refuses prototype keys', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/flows', headers: json, payload: '{"__proto__": {"x": 1}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorAnswer>().error.code).toBe('invalid_json');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/flows', headers: { 'content-type': 'application/xml' }, payload: '<flow/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json<ErrorAnswer>().error.code).toBe('unsupported_media_type');
  });

  it('answers 404 as JSON for an unknown route', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json<ErrorAnswer>().error).toEqual({ code: 'not_found', message: 'no API route for GET /api/v1/nothing-here', details: null });
  });
});

describe('sharing flows', () => {
  it('offers the built-in templates, and creates a draft from one', async () => {
    const list = await api.app.inject({ method: 'GET', url: '/api/v1/templates' });
    const items = list.json<{ items: { id: string; name: string; requires: { credentials: string[] } }[] }>().items;
    expect(items.map((item) => item.id)).toEqual(['form-bot', 'llm-chat-bot', 'rules-bot']);
    expect(items.find((item) => item.id === 'llm-chat-bot')?.requires.credentials).toEqual(['openai']);
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/templates/rules-bot/flows' });
    expect(created.statusCode).toBe(201);
    expect(created.json<FlowDetail>()).toMatchObject({ name: 'Rules bot', publishedVersion: null });
    const missing = await api.app.inject({ method: 'POST', url: '/api/v1/templates/..%2Fpackage/flows' });
    expect(missing.statusCode).toBe(404);
  });

  it('exports a draft without credentials, and an imported export exports to the same bytes', async () => {
    const created = (await api.app.inject({ method: 'POST', url: '/api/v1/templates/llm-chat-bot/flows' })).json<FlowDetail>();
    const first = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${created.id}/export` });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toBe('attachment; filename="llm-chat-bot.json"');
    expect(first.body).toContain('"requires"');
    const check = await api.app.inject({ method: 'POST', url: '/api/v1/flows/import-check', headers: json, payload: first.body });
    expect(check.json<{ checks: { kind: string; nodeId: string }[] }>().checks).toEqual([expect.objectContaining({ kind: 'credential_needed', nodeId: 'llm' })]);
    const imported = await api.app.inject({ method: 'POST', url: '/api/v1/flows', headers: json, payload: first.body });
    expect(imported.statusCode).toBe(201);
    const again = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${imported.json<FlowDetail>().id}/export` });
    expect(again.body).toBe(first.body);
  });
});
