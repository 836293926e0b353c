import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent, SwitchboardService } from './service.ts';
import { SwitchboardError } from './service.ts';
import { echoFlow, formFlow } from './test-flows.ts';
import { startTestSwitchboard, type TestSwitchboard } from './testing.ts';

let handle: TestSwitchboard;
let service: SwitchboardService;
beforeAll(async () => {
  handle = await startTestSwitchboard();
  service = handle.service;
}, 120_000);
afterAll(async () => {
  await handle.dispose();
});

const delayFlow = {
  schemaVersion: 1,
  name: 'Delay',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'wait', type: 'logic.delay', typeVersion: 1, config: { seconds: 3600 } },
    { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'later' } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'message', target: 'wait', targetPort: 'in' },
    { id: 'e2', source: 'wait', sourcePort: 'out', target: 'out', targetPort: 'in' },
  ],
};

async function refusal(promise: Promise<unknown>): Promise<SwitchboardError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof SwitchboardError)) throw new Error(`expected a SwitchboardError, got ${String(error)}`);
  return error;
}

describe('the playground', () => {
  it('answers from a draft that was never published, with spans and live events', async () => {
    const flow = await service.importFlow(echoFlow);
    const events: LiveEvent[] = [];
    const result = await service.playgroundChat(flow.id, { sessionId: 's-1', text: 'hi' }, (event) => events.push(event));
    expect(result.status).toBe('completed');
    expect(result.replies.map((reply) => reply.text)).toEqual(['You said: hi']);
    expect(result.spans.map((span) => [span.nodeId, span.status])).toEqual([
      ['in', 'ok'],
      ['out', 'ok'],
    ]);
    expect(events.map((event) => event.type)).toContain('node.finished');
    // Nothing is recorded: the flow has no conversations.
    expect((await service.listConversations({ flowId: flow.id })).items).toEqual([]);
  });

  it('resumes a draft that asks, per session, and starts over after a reset', async () => {
    const flow = await service.importFlow(formFlow);
    const first = await service.playgroundChat(flow.id, { sessionId: 'form', text: 'start' });
    expect(first).toMatchObject({ status: 'waiting', waiting: { kind: 'ask' }, replies: [{ text: 'What is your name?' }] });
    const second = await service.playgroundChat(flow.id, { sessionId: 'form', text: 'Ada' });
    expect(second.replies.map((reply) => reply.text)).toEqual(['Hi Ada! Favourite colour?']);
    const other = await service.playgroundChat(flow.id, { sessionId: 'other', text: 'start' });
    expect(other.replies.map((reply) => reply.text)).toEqual(['What is your name?']);
    const third = await service.playgroundChat(flow.id, { sessionId: 'form', text: 'Green' });
    expect(third).toMatchObject({ status: 'completed', replies: [{ text: 'Ada likes green' }] });

    await service.playgroundChat(flow.id, { sessionId: 'form', text: 'again' });
    service.resetPlayground(flow.id, 'form');
    const fresh = await service.playgroundChat(flow.id, { sessionId: 'form', text: 'again' });
    expect(fresh.replies.map((reply) => reply.text)).toEqual(['What is your name?']);
  });

  it('continues a delay at once on a timer event', async () => {
    const flow = await service.importFlow(delayFlow);
    const parked = await service.playgroundChat(flow.id, { sessionId: 'd', text: 'go' });
    expect(parked).toMatchObject({ status: 'waiting', waiting: { kind: 'delay' } });
    expect(parked.waiting?.resumeAt).toBeGreaterThan(Date.now());
    expect((await refusal(service.playgroundChat(flow.id, { sessionId: 'd', text: 'more' }))).code).toBe('waiting_for_timer');
    const resumed = await service.playgroundChat(flow.id, { sessionId: 'd', text: '', kind: 'timer' });
    expect(resumed).toMatchObject({ status: 'completed', replies: [{ text: 'later' }] });
    expect((await refusal(service.playgroundChat(flow.id, { sessionId: 'd', text: '', kind: 'timer' }))).code).toBe('nothing_to_continue');
  });

  it('refuses a draft that does not compile, with its problems, and runs it once fixed', async () => {
    const flow = await service.importFlow(echoFlow);
    const broken = { ...echoFlow, edges: [] };
    await service.updateDraft(flow.id, broken);
    const error = await refusal(service.playgroundChat(flow.id, { sessionId: 'b', text: 'hi' }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('compile_failed');
    expect(Array.isArray(error.details) && error.details.length > 0).toBe(true);

    await service.updateDraft(flow.id, echoFlow);
    const fixed = await service.playgroundChat(flow.id, { sessionId: 'b', text: 'hi' });
    expect(fixed.replies.map((reply) => reply.text)).toEqual(['You said: hi']);
  });

  it('answers 404 for an unknown flow', async () => {
    const error = await refusal(service.playgroundChat('00000000-0000-4000-8000-000000000000', { sessionId: 's', text: 'hi' }));
    expect(error.status).toBe(404);
  });
});
