import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
import type { InboundEvent } from '@switchboard/flow-schema';
import { channelIdOf, nodeServices } from './execute-turn.ts';
import { PersonaStore } from './personas.ts';
import { SwitchboardError } from './service.ts';
import { SpendLedger } from './spend.ts';

let database: TestDatabase;
let store: PersonaStore;

beforeAll(async () => {
  database = await openTestDatabase();
  store = new PersonaStore(database);
}, 60_000);

afterAll(async () => {
  await database.dispose();
}, 60_000);

async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function addChannel(personaId: string | null): Promise<string> {
  const id = newId();
  await database.prisma.channel.create({ data: { id, name: `channel ${id}`, type: 'webhook', config: {}, status: 'configured', personaId } });
  return id;
}

describe('the persona store', () => {
  it('creates, lists, reads, replaces and deletes personas', async () => {
    const created = await store.create({ name: '  Tutor ', systemPrompt: 'You teach patiently.', greeting: 'Hello!', style: '' });
    expect(created).toMatchObject({ name: 'Tutor', systemPrompt: 'You teach patiently.', greeting: 'Hello!', style: null });
    expect(await store.get(created.id)).toEqual(created);
    expect((await store.list()).map((persona) => persona.name)).toContain('Tutor');

    const replaced = await store.update(created.id, { name: 'Tutor', systemPrompt: 'You teach briskly.', style: 'Short sentences.' });
    expect(replaced).toMatchObject({ id: created.id, systemPrompt: 'You teach briskly.', greeting: null, style: 'Short sentences.' });
    // Writes drop the cached copy: the next resolve sees the new prompt.
    expect((await store.resolve('tutor'))?.systemPrompt).toBe('You teach briskly.');

    await store.delete(created.id);
    expect((await failure(store.get(created.id))).status).toBe(404);
    expect((await failure(store.delete(created.id))).code).toBe('persona_not_found');
    expect((await failure(store.update(created.id, { name: 'x', systemPrompt: 'y' }))).status).toBe(404);
    expect(await store.resolve(created.id)).toBeUndefined();
  });

  it('refuses bad input with the fields at fault, and a name taken in any case with 409', async () => {
    const missing = await failure(store.create({ name: '', greeting: 'hi' }));
    expect(missing).toMatchObject({ status: 400, code: 'invalid_persona' });
    expect(missing.message).toContain('name:');
    expect(missing.message).toContain('systemPrompt:');
    expect((await failure(store.create({ name: 'x'.repeat(81), systemPrompt: 'p' }))).message).toContain('at most 80 characters');
    expect((await failure(store.create({ name: 'ok', systemPrompt: 'p', colour: 'red' }))).status).toBe(400);

    const first = await store.create({ name: 'Support', systemPrompt: 'You help.' });
    const taken = await failure(store.create({ name: 'SUPPORT', systemPrompt: 'You also help.' }));
    expect(taken).toMatchObject({ status: 409, code: 'persona_name_taken' });
    const other = await store.create({ name: 'Sales', systemPrompt: 'You sell.' });
    expect((await failure(store.update(other.id, { name: 'support', systemPrompt: 'You sell.' }))).status).toBe(409);
    // Keeping one's own name (in another case) is fine.
    expect((await store.update(first.id, { name: 'SUPPORT', systemPrompt: 'You help.' })).name).toBe('SUPPORT');
  });

  it('resolves by id, by name ignoring case, and without a ref by the channel the turn came from', async () => {
    const pirate = await store.create({ name: 'Pirate', systemPrompt: 'Arr.', greeting: 'Ahoy!' });
    const butler = await store.create({ name: 'Butler', systemPrompt: 'Very good, sir.' });
    expect(await store.resolve(pirate.id)).toEqual({ id: pirate.id, name: 'Pirate', systemPrompt: 'Arr.', greeting: 'Ahoy!' });
    expect((await store.resolve(' pIrAtE '))?.id).toBe(pirate.id);
    expect(await store.resolve('Nobody')).toBeUndefined();

    const withPersona = await addChannel(butler.id);
    const without = await addChannel(null);
    store.invalidate(); // channels written behind the store's back (the channel admin tells it)
    expect((await store.resolve(undefined, withPersona))?.name).toBe('Butler');
    expect(await store.resolve(undefined, without)).toBeUndefined();
    expect(await store.resolve(undefined, undefined)).toBeUndefined();
    // A ref wins over the channel's persona.
    expect((await store.resolve('pirate', withPersona))?.name).toBe('Pirate');

    // What a turn's nodes get: the channel from the message's payload, or from a timer's conversation key.
    const message: InboundEvent = { kind: 'message', text: 'hi', channel: 'webhook', receivedAt: new Date().toISOString(), payload: { channelId: withPersona } };
    expect(channelIdOf(message, 'anything')).toBe(withPersona);
    const timer: InboundEvent = { kind: 'timer', text: '', channel: 'telegram', receivedAt: new Date().toISOString() };
    expect(channelIdOf(timer, `${withPersona}:p:42`)).toBe(withPersona);
    expect(channelIdOf(timer, 'api-conversation')).toBeUndefined();
    const ledger = new SpendLedger({ pool: database.pool });
    const services = nodeServices({ personas: store, ledger }, newId(), channelIdOf(message, 'x'));
    expect((await services.persona?.())?.name).toBe('Butler');
    expect(await services.spentToday?.()).toBe(0);
    expect('download' in services).toBe(false);

    // Deleting a persona leaves its channels without one.
    await store.delete(butler.id);
    expect(await store.resolve(undefined, withPersona)).toBeUndefined();
    expect((await database.prisma.channel.findUnique({ where: { id: withPersona } }))?.personaId).toBeNull();
  });
});
