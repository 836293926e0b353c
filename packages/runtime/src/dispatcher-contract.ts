import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchboardError } from './service.ts';
import type { SwitchboardService } from './service.ts';
import { askTimeoutFlow, branchFlow, delayFlow, echoFlow, formFlow, memoryFlow } from './test-flows.ts';
import type { TestSwitchboard } from './testing.ts';

/**
 * What every dispatcher must do, whether turns run in the web process (inline) or on queue workers
 * (BullMQ): the same tests run against both.
 */
export function dispatcherContract(start: () => Promise<TestSwitchboard>): void {
  let sb: TestSwitchboard;

  beforeEach(async () => {
    sb = await start();
  });

  afterEach(async () => {
    await sb.dispose();
  });

  async function published(service: SwitchboardService, doc: unknown): Promise<string> {
    const flow = await service.importFlow(doc);
    await service.publish(flow.id);
    return flow.id;
  }

  async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof SwitchboardError) return error;
      throw error;
    }
    throw new Error('expected a SwitchboardError');
  }

  describe('a turn end to end', () => {
    it('answers, persists the conversation, its messages, the run and a span per node', async () => {
      const flowId = await published(sb.service, echoFlow);
      const result = await sb.service.chat(flowId, { conversationId: 'c1', text: 'hello' });
      expect(result.status).toBe('completed');
      expect(result.replies.map((reply) => reply.text)).toEqual(['You said: hello']);

      const conversations = await sb.service.listConversations({ flowId });
      expect(conversations.items).toHaveLength(1);
      const conversation = conversations.items[0];
      expect(conversation?.externalId).toBe('c1');
      const messages = await sb.service.listMessages(result.conversationId, {});
      expect(messages.items.map((message) => [message.direction, message.text])).toEqual([
        ['in', 'hello'],
        ['out', 'You said: hello'],
      ]);
      const runs = await sb.service.listRuns(result.conversationId, {});
      expect(runs.items.map((run) => run.status)).toEqual(['completed']);
      const spans = await sb.service.listSpans(result.runId);
      expect(spans.map((span) => span.nodeId)).toEqual(['in', 'out']);
      expect(spans[1]?.output).toEqual({ out: 'You said: hello' });
    });

    it('takes one branch and leaves the other out of the trace', async () => {
      const flowId = await published(sb.service, branchFlow);
      const help = await sb.service.chat(flowId, { conversationId: 'c', text: 'I need help' });
      expect(help.replies.map((reply) => reply.text)).toEqual(['How can I help?']);
      const echo = await sb.service.chat(flowId, { conversationId: 'c', text: 'hi' });
      expect(echo.replies.map((reply) => reply.text)).toEqual(['Echo: hi', 'and again: Echo: hi']);
      const spans = await sb.service.listSpans(echo.runId);
      expect(spans.map((span) => span.nodeId).sort()).toEqual(['after-echo', 'check', 'echo', 'in']);
    });

    it('streams node events and replies while the turn runs', async () => {
      const flowId = await published(sb.service, echoFlow);
      const events: string[] = [];
      await sb.service.chat(flowId, { conversationId: 'c', text: 'x' }, (event) => events.push(event.type === 'reply' ? `reply:${event.reply.text}` : `${event.type}:${'nodeId' in event ? event.nodeId : ''}`));
      expect(events).toEqual(['node.started:in', 'node.finished:in', 'node.started:out', 'reply:You said: x', 'node.finished:out']);
    });
  });

  describe('conversations', () => {
    it('keep their memory per conversation and run turns of one conversation in arrival order', async () => {
      const flowId = await published(sb.service, memoryFlow);
      const sends = Array.from({ length: 20 }, (_, n) => sb.service.chat(flowId, { conversationId: 'busy', text: `m${n}` }));
      const other = await sb.service.chat(flowId, { conversationId: 'quiet', text: 'only' });
      const results = await Promise.all(sends);
      // Each turn saw exactly the turns before it: strictly one at a time, no update lost.
      expect(results.map((result) => Number(result.replies[0]?.text)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      expect(other.replies[0]?.text).toBe('1');
      // In arrival order: the k-th message stored is the one that got the k-th answer. (Concurrent
      // requests have no order of their own; the dispatcher's is the one that counts.)
      const messages = await sb.service.listMessages(results[0]?.conversationId ?? '', { limit: 200 });
      const inbound = messages.items.filter((message) => message.direction === 'in').map((message) => message.text);
      expect(inbound.map((text) => results[Number(text.slice(1))]?.replies[0]?.text)).toEqual(Array.from({ length: 20 }, (_, n) => String(n + 1)));
      // One after another, in order, when each waits for the one before it.
      for (let n = 21; n <= 23; n += 1) {
        const result = await sb.service.chat(flowId, { conversationId: 'busy', text: `m${n}` });
        expect(result.replies[0]?.text).toBe(String(n));
      }
    });

    it('answer a redelivered message id once, from the first run, also after a restart', async () => {
      const flowId = await published(sb.service, memoryFlow);
      const first = await sb.service.chat(flowId, { conversationId: 'c', text: 'hello', messageId: 'platform-1' });
      const again = await sb.service.chat(flowId, { conversationId: 'c', text: 'hello', messageId: 'platform-1' });
      expect(again.duplicate).toBe(true);
      expect(again.runId).toBe(first.runId);
      expect(again.replies.map((reply) => reply.text)).toEqual(['1']);
      const service = await sb.restart();
      const afterRestart = await service.chat(flowId, { conversationId: 'c', text: 'hello', messageId: 'platform-1' });
      expect(afterRestart).toMatchObject({ duplicate: true, runId: first.runId, replies: [{ text: '1' }] });
      const runs = await service.listRuns(first.conversationId, {});
      expect(runs.items).toHaveLength(1);
      const next = await service.chat(flowId, { conversationId: 'c', text: 'new', messageId: 'platform-2' });
      expect(next.replies[0]?.text).toBe('2');
    });

    it('wait at an ask node and resume there with the next message, also after a restart', async () => {
      const flowId = await published(sb.service, formFlow);
      const first = await sb.service.chat(flowId, { conversationId: 'form', text: 'start' });
      expect(first.status).toBe('waiting');
      expect(first.replies.map((reply) => reply.text)).toEqual(['What is your name?']);
      const second = await sb.service.chat(flowId, { conversationId: 'form', text: 'Ada' });
      expect(second.replies.map((reply) => reply.text)).toEqual(['Hi Ada! Favourite colour?']);
      const conversation = await sb.service.getConversation(second.conversationId);
      expect(conversation).toMatchObject({ status: 'waiting', waitingNodeId: 'ask-color' });

      const service = await sb.restart();
      const third = await service.chat(flowId, { conversationId: 'form', text: 'GREEN' });
      expect(third.status).toBe('completed');
      expect(third.replies.map((reply) => reply.text)).toEqual(['Ada likes green']);
      // The next message starts a new form from the trigger.
      const again = await service.chat(flowId, { conversationId: 'form', text: 'again' });
      expect(again.replies.map((reply) => reply.text)).toEqual(['What is your name?']);
    });

    it('park on a delay without holding anything, then continue from the timer, also across a restart', async () => {
      const flowId = await published(sb.service, delayFlow(0.2));
      const first = await sb.service.chat(flowId, { conversationId: 'd', text: 'go' });
      expect(first.status).toBe('waiting');
      expect(first.replies.map((reply) => reply.text)).toEqual(['wait for it']);
      expect(await sb.service.getConversation(first.conversationId)).toMatchObject({ status: 'delayed' });
      // A message during the delay is answered after the delayed run has finished.
      const during = await sb.service.chat(flowId, { conversationId: 'd', text: 'again' });
      expect(during.replies.map((reply) => reply.text)).toEqual(['wait for it']);
      const texts = (await sb.service.listMessages(first.conversationId, {})).items.map((message) => message.text).slice(0, 5);
      expect(texts).toEqual(['go', 'wait for it', 'done: timer', 'again', 'wait for it']);

      const slow = await published(sb.service, delayFlow(0.5));
      const parked = await sb.service.chat(slow, { conversationId: 'r', text: 'go' });
      const service = await sb.restart();
      await new Promise((resolve) => setTimeout(resolve, 900));
      const after = (await service.listMessages(parked.conversationId, {})).items.map((message) => message.text);
      expect(after).toEqual(['go', 'wait for it', 'done: timer']);
      expect(await service.getConversation(parked.conversationId)).toMatchObject({ status: 'active' });
    });
  });

  describe('ask time-outs', () => {
    const texts = async (service: SwitchboardService, conversationId: string): Promise<string[]> =>
      (await service.listMessages(conversationId, {})).items.map((message) => message.text);
    const eventually = async (check: () => Promise<boolean>): Promise<void> => {
      const deadline = Date.now() + 8000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    it('continue from the timeout port when no answer comes in time, also across a restart, and not after an answer', async () => {
      const flowId = await published(sb.service, askTimeoutFlow(1));
      const answered = await sb.service.chat(flowId, { conversationId: 'answered', text: 'start' });
      const silent = await sb.service.chat(flowId, { conversationId: 'silent', text: 'start' });
      expect(silent).toMatchObject({ status: 'waiting', replies: [{ text: 'Still there?' }] });
      expect(await sb.service.getConversation(silent.conversationId)).toMatchObject({ status: 'waiting', waitingNodeId: 'ask' });
      expect((await sb.service.chat(flowId, { conversationId: 'answered', text: 'Ada' })).replies.map((reply) => reply.text)).toEqual(['Thanks Ada']);
      const service = await sb.restart();
      await eventually(async () => (await texts(service, silent.conversationId)).includes('Bye'));
      expect(await texts(service, silent.conversationId)).toEqual(['start', 'Still there?', 'Bye']);
      expect(await service.getConversation(silent.conversationId)).toMatchObject({ status: 'active', waitingNodeId: null });
      // The answered conversation's timer found nothing to do.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await texts(service, answered.conversationId)).toEqual(['start', 'Still there?', 'Ada', 'Thanks Ada']);
      // A message after the time-out starts over.
      expect((await service.chat(flowId, { conversationId: 'silent', text: 'again' })).replies.map((reply) => reply.text)).toEqual(['Still there?']);
    });
  });

  describe('concurrency', () => {
    it('lets a message that arrives while the turn before it parks on a delay wait its turn', async () => {
      const flowId = await published(sb.service, delayFlow(1));
      const firstCall = sb.service.chat(flowId, { conversationId: 'both', text: 'one' });
      // "two" is sent once "one" has parked: two requests sent at the same instant may be recorded in
      // either order (queue mode commits them on two connections), and arrival order is the contract.
      const deadline = Date.now() + 8000;
      for (;;) {
        const [conversation] = (await sb.service.listConversations({ flowId })).items;
        const texts = conversation ? (await sb.service.listMessages(conversation.id, {})).items.map((message) => message.text) : [];
        if (texts.includes('wait for it')) break;
        if (Date.now() > deadline) throw new Error('the first message did not park on its delay');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const [first, second] = await Promise.all([firstCall, sb.service.chat(flowId, { conversationId: 'both', text: 'two' })]);
      expect(first.replies.map((reply) => reply.text)).toEqual(['wait for it']);
      expect(second.replies.map((reply) => reply.text)).toEqual(['wait for it']);
      const texts = (await sb.service.listMessages(first.conversationId, {})).items.map((message) => message.text);
      expect(texts.slice(0, 5)).toEqual(['one', 'wait for it', 'done: timer', 'two', 'wait for it']);
    });

    it('lets callers waiting on a delay go with a 503 when the server stops', async () => {
      const flowId = await published(sb.service, delayFlow(60));
      await sb.service.chat(flowId, { conversationId: 'w', text: 'go' });
      const waiting = rejection(sb.service.chat(flowId, { conversationId: 'w', text: 'later' }));
      await sb.restart();
      expect(await waiting).toMatchObject({ status: 503, code: 'shutting_down' });
    });

    it('gives concurrent publishes of one flow consecutive versions', async () => {
      const flow = await sb.service.importFlow(echoFlow);
      const versions = await Promise.all([sb.service.publish(flow.id), sb.service.publish(flow.id), sb.service.publish(flow.id)]);
      expect(versions.map((entry) => entry.version).sort()).toEqual([1, 2, 3]);
      const result = await sb.service.chat(flow.id, { conversationId: 'c', text: 'hi' });
      const run = await sb.service.getRun(result.runId);
      expect(run.flowVersionId).toBe(versions.find((entry) => entry.version === 3)?.id);
    });
  });

  describe('bad input', () => {
    it('refuses text the database cannot store, and a malformed cursor', async () => {
      const flowId = await published(sb.service, echoFlow);
      expect(await rejection(sb.service.chat(flowId, { conversationId: 'c', text: 'a\u0000b' }))).toMatchObject({ status: 400, code: 'invalid_text' });
      expect(await rejection(sb.service.chat(flowId, { conversationId: 'c', text: 'broken \ud800' }))).toMatchObject({ status: 400 });
      expect(await rejection(sb.service.chat(flowId, { conversationId: 'c', text: 'ok', payload: { deep: ['x\u0000'] } }))).toMatchObject({ status: 400 });
      expect(await rejection(sb.service.listConversations({ cursor: 'nope' }))).toMatchObject({ status: 400, code: 'invalid_cursor' });
      expect((await sb.service.listConversations({ flowId })).items).toEqual([]);
    });


    it('is refused with a 4xx that says what to fix, and writes nothing', async () => {
      expect(await rejection(sb.service.importFlow({ schemaVersion: 1, name: 'x', nodes: 'no', edges: [] }))).toMatchObject({ status: 400, code: 'invalid_document' });
      expect(await rejection(sb.service.importFlow('not an object'))).toMatchObject({ status: 400 });
      const unknownType = await rejection(sb.service.importFlow({ ...echoFlow, nodes: [...echoFlow.nodes, { id: 'x', type: 'nope.nothing', typeVersion: 1, config: {} }] }));
      expect(unknownType).toMatchObject({ status: 422, code: 'unknown_node_type' });
      expect(unknownType.message).toContain('nope.nothing');
      expect(await sb.service.listFlows()).toEqual([]);

      const draft = await sb.service.importFlow({ ...echoFlow, edges: [] });
      const unpublished = await rejection(sb.service.chat(draft.id, { conversationId: 'c', text: 'hi' }));
      expect(unpublished).toMatchObject({ status: 409, code: 'flow_not_published' });
      const refused = await rejection(sb.service.publish(draft.id));
      expect(refused).toMatchObject({ status: 422, code: 'compile_failed' });
      expect(refused.message).toContain('not reachable from a trigger');
      expect((await sb.service.getFlow(draft.id)).versions).toEqual([]);

      expect(await rejection(sb.service.chat('00000000-0000-7000-8000-000000000000', { conversationId: 'c', text: 'hi' }))).toMatchObject({ status: 404 });
      expect(await rejection(sb.service.chat('not-a-uuid', { conversationId: 'c', text: 'hi' }))).toMatchObject({ status: 404 });
      const flowId = await published(sb.service, echoFlow);
      expect(await rejection(sb.service.chat(flowId, { conversationId: 'c', text: 'x'.repeat(40_000) }))).toMatchObject({ status: 413 });
      expect(await rejection(sb.service.chat(flowId, { conversationId: 'c', text: 'hi', kind: 'webhook' }))).toMatchObject({ status: 422, code: 'no_trigger' });
      expect((await sb.service.listConversations({ flowId })).items).toEqual([]);
    });
  });
}
