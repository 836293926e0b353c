import { startAnthropicServer, type AnthropicServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { runTestFlow, testFlow } from '../../testing/flow-run.ts';
import { personaNode } from '../../conversation/persona/run.ts';
import type { z } from 'zod';
import type { chatModelDefinition } from './definition.ts';
import { chatModelNode } from './run.ts';

type ChatConfig = z.input<typeof chatModelDefinition.config>;

let server: AnthropicServer;
const credential = { apiKey: 'sk-ant-test' };

beforeAll(async () => {
  server = await startAnthropicServer({ apiKey: 'sk-ant-test', models: ['claude-haiku-4-5'] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

describe('model nodes on Anthropic', () => {
  it('streams an answer, with the system prompt at the top level and the cost of the table', async () => {
    server.enqueue({ content: 'Bonjour, comment allez-vous ?', usage: { input_tokens: 2_000, output_tokens: 100 } });
    const config: ChatConfig = { provider: 'anthropic', baseUrl: server.url, model: 'claude-haiku-4-5', systemPrompt: 'Answer in French.', prompt: 'Hello' };
    const run = await runNode(chatModelNode, { config, credential, memory: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Salut' }] });
    expect(run.outputs).toEqual({ text: 'Bonjour, comment allez-vous ?' });
    expect(run.tokens.length).toBeGreaterThan(1);
    expect(run.tokens.join('')).toBe('Bonjour, comment allez-vous ?');
    expect(server.requests[0]?.body).toMatchObject({ system: 'Answer in French.', stream: true, messages: [{ role: 'user' }, { role: 'assistant' }, { role: 'user' }] });
    // claude-haiku-4-5: $1 per million input tokens, $5 per million output tokens.
    expect(run.usage).toEqual([{ model: 'claude-haiku-4-5', inputTokens: 2_000, outputTokens: 100, costUsd: (2_000 * 1) / 1e6 + (100 * 5) / 1e6 }]);
  });

  it('explains an unknown model and a refused key', async () => {
    const config: ChatConfig = { provider: 'anthropic', baseUrl: server.url, model: 'claude-nope', prompt: 'Hi', stream: false };
    await expect(runNode(chatModelNode, { config, credential })).rejects.toThrow(/claude-nope/);
    await expect(runNode(chatModelNode, { config: { ...config, model: 'claude-haiku-4-5' }, credential: { apiKey: 'wrong' } })).rejects.toThrow(/API key/);
  });

  it('runs an agent whose tool results go back as tool_result blocks', async () => {
    server.enqueue({ toolUses: [{ name: 'calculator', input: { expression: '6 * 7' } }] }, { content: 'The answer is 42.' });
    const doc = testFlow(
      [
        { id: 'trigger', type: 'trigger.chat' },
        { id: 'agent', type: 'model.agent', credentialId: 'key', config: { provider: 'anthropic', baseUrl: server.url, model: 'claude-haiku-4-5', stream: false, builtinTools: [{ tool: 'calculator' }] } },
        { id: 'reply', type: 'conversation.reply', config: { text: '{{ nodes.agent.text }}' } },
      ],
      ['trigger.message -> agent.in', 'agent.text -> reply.in'],
    );
    const { outcome } = await runTestFlow(doc, { text: 'What is 6 times 7?', credentials: { key: credential } });
    expect(outcome.error).toBeUndefined();
    expect(outcome.replies.map((reply) => reply.text)).toEqual(['The answer is 42.']);
    expect(JSON.stringify(server.requests[1]?.body)).toMatch(/"type":"tool_result","tool_use_id":"toolu_[^"]+","content":"42"/);
  });
});

describe('conversation.persona', () => {
  const library = [{ id: 'p-1', name: 'Pirate', systemPrompt: 'You are a pirate.', greeting: 'Ahoy!' }];
  const services = { persona: (ref?: string) => Promise.resolve(library.find((persona) => persona.id === ref || persona.name.toLowerCase() === ref?.toLowerCase())) };

  it('switches the conversation to the persona named after the command, and greets', async () => {
    const run = await runNode(personaNode, { config: {}, event: { text: '/persona pirate', payload: { command: { name: 'persona', args: 'pirate' } } }, services });
    expect(run.outputs).toEqual({ out: 'Pirate' });
    expect(run.vars).toEqual({ persona: 'p-1' });
    expect(run.replies).toEqual([{ text: 'Ahoy!' }]);
  });

  it('fires unknown for a persona the library does not have', async () => {
    const run = await runNode(personaNode, { config: { persona: 'Ninja' }, services });
    expect(run.outputs).toEqual({ unknown: 'Ninja' });
    expect(run.vars).toEqual({});
  });
});
