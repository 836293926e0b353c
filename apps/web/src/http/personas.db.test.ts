import type { ChannelView, PersonaView } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function create(payload: Record<string, unknown>): Promise<PersonaView> {
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/personas', payload });
  expect(created.statusCode).toBe(201);
  return created.json<PersonaView>();
}

describe('/api/v1/personas', () => {
  it('creates, lists, reads, replaces and deletes a persona', async () => {
    const persona = await create({ name: 'Concierge', systemPrompt: 'You are a hotel concierge.', greeting: 'Good evening.' });
    expect(persona).toMatchObject({ name: 'Concierge', systemPrompt: 'You are a hotel concierge.', greeting: 'Good evening.', style: null });

    const listed = (await api.app.inject({ method: 'GET', url: '/api/v1/personas' })).json<{ items: PersonaView[] }>();
    expect(listed.items.map((item) => item.id)).toContain(persona.id);
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/personas/${persona.id}` })).json<PersonaView>()).toEqual(persona);

    const replaced = await api.app.inject({ method: 'PUT', url: `/api/v1/personas/${persona.id}`, payload: { name: 'Night concierge', systemPrompt: 'You work nights.', style: 'Whisper.' } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json<PersonaView>()).toMatchObject({ id: persona.id, name: 'Night concierge', greeting: null, style: 'Whisper.' });

    expect((await api.app.inject({ method: 'DELETE', url: `/api/v1/personas/${persona.id}` })).statusCode).toBe(204);
    const gone = await api.app.inject({ method: 'GET', url: `/api/v1/personas/${persona.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<ErrorAnswer>().error.code).toBe('persona_not_found');
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/personas/not-an-id' })).statusCode).toBe(404);
  });

  it('answers 400 with the fields at fault and 409 for a name in use', async () => {
    const invalid = await api.app.inject({ method: 'POST', url: '/api/v1/personas', payload: { name: ' ', greeting: 'x'.repeat(2001) } });
    expect(invalid.statusCode).toBe(400);
    const body = invalid.json<ErrorAnswer>();
    expect(body.error.code).toBe('invalid_persona');
    expect(body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'systemPrompt' }), expect.objectContaining({ field: 'greeting' })]),
    );

    await create({ name: 'Coach', systemPrompt: 'You motivate.' });
    const taken = await api.app.inject({ method: 'POST', url: '/api/v1/personas', payload: { name: 'coach', systemPrompt: 'Another.' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<ErrorAnswer>().error).toMatchObject({ code: 'persona_name_taken' });
  });

  it('sets, shows and clears a channel\'s persona', async () => {
    const persona = await create({ name: 'Greeter', systemPrompt: 'You welcome people.' });
    const credential = await api.app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name: 'hook secret', type: 'webhook', secret: { secret: 's3cret' } } });
    const credentialId = credential.json<{ id: string }>().id;
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/channels', payload: { name: 'hook', type: 'webhook', credentialId, personaId: persona.id } });
    expect(created.statusCode).toBe(201);
    const channel = created.json<ChannelView>();
    expect(channel).toMatchObject({ personaId: persona.id, personaName: 'Greeter' });

    const unknown = await api.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { personaId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ErrorAnswer>().error.code).toBe('persona_not_found');

    // A patch without personaId keeps it; null clears it.
    const renamed = await api.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { name: 'hook 2' } });
    expect(renamed.json<ChannelView>().personaId).toBe(persona.id);
    const cleared = await api.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { personaId: null } });
    expect(cleared.json<ChannelView>()).toMatchObject({ personaId: null, personaName: null });

    // Deleting a persona unsets it on its channels.
    await api.app.inject({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { personaId: persona.id } });
    expect((await api.app.inject({ method: 'DELETE', url: `/api/v1/personas/${persona.id}` })).statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json<ChannelView>().personaId).toBeNull();
  });
});
