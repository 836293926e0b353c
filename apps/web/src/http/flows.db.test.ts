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
    expect(items.map((item) => item.id)).toEqual(['agent-assistant', 'form-bot', 'llm-chat-bot', 'rules-bot', 'telegram-demo']);
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

describe('draft revisions', () => {
  it('answers the revision as draftRevision and ETag, and bumps it on every draft write', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Rev') })).json<FlowDetail>();
    expect(flow.draftRevision).toBe(1);
    const read = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` });
    expect(read.headers.etag).toBe('"1"');

    const saved = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '"1"' }, payload: echoFlow('Rev 2') });
    expect(saved.statusCode).toBe(200);
    expect(saved.json<FlowDetail>().draftRevision).toBe(2);
    expect(saved.headers.etag).toBe('"2"');
    expect(Date.parse(saved.json<FlowDetail>().updatedAt)).toBeGreaterThan(Date.parse(flow.updatedAt)); // the list's order

    // Publishing leaves the draft as it is; restoring a version writes it.
    expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/publish` })).statusCode).toBe(201);
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` })).json<FlowDetail>().draftRevision).toBe(2);
    const restored = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flow.id}/versions/1/restore` });
    expect(restored.json<FlowDetail>().draftRevision).toBe(3);
    const listed = (await api.app.inject({ method: 'GET', url: '/api/v1/flows' })).json<{ items: FlowSummary[] }>().items;
    expect(listed.find((item) => item.id === flow.id)?.draftRevision).toBe(3);
  });

  it('refuses a save based on an old revision with 409 draft_conflict, and keeps the other save', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Shared') })).json<FlowDetail>();
    // Two editors opened revision 1; the first save wins.
    const first = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '"1"' }, payload: echoFlow('Alice') });
    expect(first.statusCode).toBe(200);
    const second = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '"1"' }, payload: echoFlow('Bob') });
    expect(second.statusCode).toBe(409);
    const { error } = second.json<ErrorAnswer>();
    expect(error.code).toBe('draft_conflict');
    expect(error.message).toContain('changed by someone else');
    expect(error.message).toContain('If-Match: "2"');
    expect(error.details).toMatchObject({ yourRevision: 1, currentRevision: 2 });
    const stored = (await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` })).json<FlowDetail>();
    expect(stored).toMatchObject({ name: 'Alice', draftRevision: 2 });

    // "Keep mine": the same document sent again with the current revision replaces theirs.
    const again = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '"2"' }, payload: echoFlow('Bob') });
    expect(again.statusCode).toBe(200);
    expect(again.json<FlowDetail>()).toMatchObject({ name: 'Bob', draftRevision: 3 });
  });

  it('lets exactly one of two simultaneous saves from the same revision win', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Race') })).json<FlowDetail>();
    const answers = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '1' }, payload: echoFlow(name) })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const winner = answers.find((answer) => answer.statusCode === 200)?.json<FlowDetail>().name;
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/flows/${flow.id}` })).json<FlowDetail>()).toMatchObject({ name: winner, draftRevision: 2 });
  });

  it('overwrites without If-Match (or with *), as API clients did before revisions', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Loose') })).json<FlowDetail>();
    await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, payload: echoFlow('One') });
    const blind = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, payload: echoFlow('Two') });
    expect(blind.json<FlowDetail>()).toMatchObject({ name: 'Two', draftRevision: 3 });
    const star = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': '*' }, payload: echoFlow('Three') });
    expect(star.json<FlowDetail>().draftRevision).toBe(4);
  });

  it('answers 400 for a malformed If-Match and 404 for an unknown flow, whatever the revision', async () => {
    const flow = (await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Tags') })).json<FlowDetail>();
    const bad = await api.app.inject({ method: 'PUT', url: `/api/v1/flows/${flow.id}`, headers: { 'if-match': 'yesterday' }, payload: echoFlow() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorAnswer>().error).toMatchObject({ code: 'invalid_if_match' });
    const missing = await api.app.inject({ method: 'PUT', url: '/api/v1/flows/00000000-0000-4000-8000-000000000000', headers: { 'if-match': '"1"' }, payload: echoFlow() });
    expect(missing.statusCode).toBe(404);
  });
});
