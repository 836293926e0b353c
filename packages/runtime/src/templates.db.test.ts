import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startOpenAIServer } from '@switchboard/testing';
import type { OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardService } from './service.ts';
import { startTestSwitchboard } from './testing.ts';
import type { TestSwitchboard } from './testing.ts';

const templates = join(import.meta.dirname, '../../../templates');

async function template(name: string): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readFile(join(templates, name), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${name} is not a JSON object`);
  return { ...parsed };
}

async function publish(service: SwitchboardService, doc: unknown): Promise<string> {
  const flow = await service.importFlow(doc);
  await service.publish(flow.id);
  return flow.id;
}

async function say(service: SwitchboardService, flowId: string, conversationId: string, text: string): Promise<string[]> {
  const result = await service.chat(flowId, { conversationId, text });
  expect(result.error).toBeUndefined();
  return result.replies.map((reply) => reply.text);
}

let sb: TestSwitchboard;
let llm: OpenAIServer;

beforeAll(async () => {
  sb = await startTestSwitchboard();
  llm = await startOpenAIServer();
});

afterAll(async () => {
  await sb.dispose();
  await llm.close();
});

describe('the example flows in templates/', () => {
  it('rules bot: routes commands, questions and everything else down their branches', async () => {
    const flowId = await publish(sb.service, await template('rules-bot.json'));
    expect(await say(sb.service, flowId, 'r', '  Hello ')).toEqual(['Hello! Say help to see what I can do.']);
    expect(await say(sb.service, flowId, 'r', 'help')).toEqual(['I greet you, answer questions (badly) and repeat everything else.']);
    expect(await say(sb.service, flowId, 'r', 'why?')).toEqual(['Good question. I am only a rules bot, so: 42.']);
    const result = await sb.service.chat(flowId, { conversationId: 'r', text: 'nice weather' });
    expect(result.replies.map((reply) => reply.text)).toEqual(['You said: nice weather']);
    const spans = await sb.service.listSpans(result.runId);
    expect(spans.map((span) => span.nodeId)).toEqual(['in', 'route', 'question', 'echo']);
    expect(spans.find((span) => span.nodeId === 'route')?.output).toEqual({ default: 'nice weather' });
  });

  it('form bot: asks across turns, remembers the answers, welcomes back, forgets on reset — across a restart', async () => {
    const flowId = await publish(sb.service, await template('form-bot.json'));
    expect(await say(sb.service, flowId, 'f', 'hi')).toEqual(['Welcome! What is your name?']);
    expect(await say(sb.service, flowId, 'f', 'Ada')).toEqual(['Thanks, Ada. What is your email address?']);
    sb.service = await sb.restart();
    expect(await say(sb.service, flowId, 'f', ' ada@example.com ')).toEqual(['All set, Ada: we will write to ada@example.com.']);
    expect(await say(sb.service, flowId, 'f', 'hello again')).toEqual(['Welcome back, Ada! Your email is ada@example.com. Say reset to start over.']);
    expect(await say(sb.service, flowId, 'other', 'hi')).toEqual(['Welcome! What is your name?']);
    expect(await say(sb.service, flowId, 'f', 'RESET')).toEqual(['Forgotten. Say anything to start again.']);
    expect(await say(sb.service, flowId, 'f', 'hi')).toEqual(['Welcome! What is your name?']);
  });

  it('LLM chat bot: answers through an OpenAI-compatible API, remembers the conversation, records usage', async () => {
    const doc = await template('llm-chat-bot.json');
    const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
    const pointed = {
      ...doc,
      nodes: nodes.map((node: unknown) =>
        typeof node === 'object' && node !== null && 'id' in node && node.id === 'llm' && 'config' in node && typeof node.config === 'object'
          ? { ...node, config: { ...node.config, baseUrl: llm.url, model: 'gpt-4o-mini' } }
          : node,
      ),
    };
    const flowId = await publish(sb.service, pointed);
    llm.reset();
    expect(await say(sb.service, flowId, 'l', 'hi there')).toEqual(['Echo: hi there']);
    const second = await sb.service.chat(flowId, { conversationId: 'l', text: 'and you?' });
    expect(second.replies.map((reply) => reply.text)).toEqual(['Echo: and you?']);
    // The second request carried the system prompt and the first exchange from memory.
    const body = llm.requests.at(-1)?.body;
    const messages = typeof body === 'object' && body !== null && 'messages' in body && Array.isArray(body.messages) ? body.messages : [];
    expect(messages.map((message: unknown) => (typeof message === 'object' && message !== null && 'role' in message ? message.role : ''))).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
    const spans = await sb.service.listSpans(second.runId);
    const model = spans.find((span) => span.nodeId === 'llm');
    expect(model?.usage?.outputTokens).toBeGreaterThan(0);
    expect(model?.output).toEqual({ text: 'Echo: and you?' });
  });

  it('agent with tools: looks a price up in its wired price list, multiplies with the calculator, answers', async () => {
    const doc = await template('agent-assistant.json');
    const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
    const pointed = {
      ...doc,
      nodes: nodes.map((node: unknown) =>
        typeof node === 'object' && node !== null && 'id' in node && node.id === 'agent' && 'config' in node && typeof node.config === 'object'
          ? { ...node, config: { ...node.config, provider: 'custom', baseUrl: llm.url, model: 'agent-model', stream: false } }
          : node,
      ),
    };
    const flowId = await publish(sb.service, pointed);
    llm.reset();
    llm.enqueue(
      { toolCalls: [{ name: 'price_list', arguments: { item: 'gadget' } }] },
      { toolCalls: [{ name: 'calculator', arguments: { expression: '2 * 30' } }] },
      { content: 'Two gadgets cost 60.00 EUR.' },
    );
    const result = await sb.service.chat(flowId, { conversationId: 'a', text: 'What do two gadgets cost?' });
    expect(result.replies.map((reply) => reply.text)).toEqual(['Two gadgets cost 60.00 EUR.']);
    expect(JSON.stringify(llm.requests[1]?.body)).toContain('gadget 30.00 EUR');
    expect(JSON.stringify(llm.requests[2]?.body)).toContain('"content":"60"');
    const spans = await sb.service.listSpans(result.runId);
    expect(spans.filter((span) => span.nodeId === 'prices').map((span) => span.iteration)).toEqual(['agent#0']);
    expect(spans.find((span) => span.nodeId === 'agent')?.output).toMatchObject({ steps: [{ step: 1 }, { step: 2 }, { step: 3 }] });
  });
});
