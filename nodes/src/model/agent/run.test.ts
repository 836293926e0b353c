import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runTestFlow, testFlow } from '../../testing/flow-run.ts';

let server: OpenAIServer;

beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

/** trigger → agent → reply; a `price` tool made of two nodes (template → template → agent.result), and the calculator. */
function shopFlow(agent: Record<string, unknown> = {}) {
  return testFlow(
    [
      { id: 'trigger', type: 'trigger.chat' },
      {
        id: 'agent',
        type: 'model.agent',
        config: {
          provider: 'custom',
          baseUrl: server.url,
          model: 'agent-model',
          stream: false,
          builtinTools: [{ tool: 'calculator' }],
          tools: [{ node: 'lookup', name: 'price_of', description: 'The price of one item, in euros.', parameters: JSON.stringify({ type: 'object', properties: { item: { type: 'string' } }, required: ['item'] }) }],
          ...agent,
        },
      },
      { id: 'lookup', type: 'logic.template', label: 'Price list', config: { template: '{{ nodes.agent.tools.item }}' } },
      { id: 'price', type: 'logic.template', config: { template: 'one {{ nodes.lookup.text }} costs 12.50 EUR' } },
      { id: 'reply', type: 'conversation.reply', config: { text: '{{ nodes.agent.text }}' } },
    ],
    ['trigger.message -> agent.in', 'agent.tools -> lookup.in', 'lookup.text -> price.in', 'price.text -> agent.result', 'agent.text -> reply.in'],
  );
}

describe('model.agent', () => {
  it('solves a task with two tools over several steps, every step in its output and every tool run in the trace', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'price_of', arguments: { item: 'widget' } }] },
      { toolCalls: [{ name: 'calculator', arguments: { expression: '3 * 12.50 * 1.2' } }] },
      { content: 'Three widgets cost 45 EUR with tax.' },
    );
    const { outcome } = await runTestFlow(shopFlow(), { text: 'What do 3 widgets cost with 20% tax?' });
    expect(outcome.status).toBe('completed');
    expect(outcome.replies.map((reply) => reply.text)).toEqual(['Three widgets cost 45 EUR with tax.']);
    expect(server.requests).toHaveLength(3);
    // The model saw both tools, described as configured.
    expect(server.requests[0]?.body).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'calculator' } },
        { type: 'function', function: { name: 'price_of', description: 'The price of one item, in euros.', parameters: { required: ['item'] } } },
      ],
    });
    // Each result went back as a tool message answering its call.
    const second = JSON.stringify(server.requests[1]?.body);
    expect(second).toContain('one widget costs 12.50 EUR');
    const third = JSON.stringify(server.requests[2]?.body);
    expect(third).toContain('"content":"45"');
    const agentSpan = outcome.spans.find((span) => span.nodeId === 'agent');
    expect(agentSpan?.output).toMatchObject({
      steps: [
        { step: 1, calls: [{ name: 'price_of', arguments: { item: 'widget' }, result: 'one widget costs 12.50 EUR' }] },
        { step: 2, calls: [{ name: 'calculator', arguments: { expression: '3 * 12.50 * 1.2' }, result: '45' }] },
        { step: 3, text: 'Three widgets cost 45 EUR with tax.', calls: [] },
      ],
    });
    expect(outcome.spans.filter((span) => span.nodeId === 'lookup').map((span) => span.iteration)).toEqual(['agent#0']);
    expect(agentSpan?.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('runs the tool calls of one step at the same time, each in its own iteration', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'price_of', arguments: { item: 'widget' } }, { name: 'price_of', arguments: { item: 'gadget' } }] },
      { content: 'Both cost 12.50 EUR.' },
    );
    const { outcome } = await runTestFlow(shopFlow(), { text: 'Prices?' });
    expect(outcome.status).toBe('completed');
    expect(outcome.spans.filter((span) => span.nodeId === 'price').map((span) => span.iteration).sort()).toEqual(['agent#0', 'agent#1']);
    const second = JSON.stringify(server.requests[1]?.body);
    expect(second).toContain('one widget costs');
    expect(second).toContain('one gadget costs');
  });

  it('tells the model about a tool that does not exist or bad arguments, and carries on', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'weather', arguments: {} }, { name: 'calculator', arguments: '{"expression": ' }] },
      { content: 'Sorry.' },
    );
    const { outcome } = await runTestFlow(shopFlow(), { text: 'Weather?' });
    expect(outcome.status).toBe('completed');
    const second = JSON.stringify(server.requests[1]?.body);
    expect(second).toContain('there is no tool \\"weather\\"');
    expect(second).toContain('the arguments were not valid JSON');
  });

  it('tells the model when a wired tool fails, and the run goes on', async () => {
    const gone = await startOpenAIServer();
    await gone.close();
    const doc = testFlow(
      [
        { id: 'trigger', type: 'trigger.chat' },
        { id: 'agent', type: 'model.agent', config: { provider: 'custom', baseUrl: server.url, model: 'agent-model', stream: false } },
        { id: 'expert', type: 'model.chat', label: 'Ask the expert', config: { provider: 'custom', baseUrl: gone.url, model: 'x', prompt: '{{ nodes.agent.tools.input }}', retries: 0, stream: false } },
        { id: 'reply', type: 'conversation.reply', config: { text: '{{ nodes.agent.text }}' } },
      ],
      ['trigger.message -> agent.in', 'agent.tools -> expert.in', 'agent.text -> reply.in'],
    );
    server.enqueue({ toolCalls: [{ name: 'Ask_the_expert', arguments: { input: 'why?' } }] }, { content: 'The expert is away.' });
    const { outcome } = await runTestFlow(doc, { text: 'Ask the expert' });
    expect(outcome.status).toBe('completed');
    expect(outcome.replies.map((reply) => reply.text)).toEqual(['The expert is away.']);
    expect(JSON.stringify(server.requests[1]?.body)).toContain('Error: node `expert` failed: custom x: could not connect to');
  });

  it('asks for an answer without tools when it runs out of steps', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'calculator', arguments: { expression: '1+1' } }] },
      { toolCalls: [{ name: 'calculator', arguments: { expression: '2+2' } }] },
      { content: 'It is 4.' },
    );
    const { outcome } = await runTestFlow(shopFlow({ maxSteps: 2 }), { text: 'Count' });
    expect(outcome.replies.map((reply) => reply.text)).toEqual(['It is 4.']);
    expect(server.requests[2]?.body).not.toHaveProperty('tools');
    expect(JSON.stringify(server.requests[2]?.body)).toContain('You have used all your steps');
  });

  it('offers a wired node it was not told about under its label, with one text argument', async () => {
    server.enqueue({ content: 'ok' });
    await runTestFlow(shopFlow({ tools: [] }), { text: 'Hi' });
    expect(server.requests[0]?.body).toMatchObject({
      tools: [{ function: { name: 'calculator' } }, { function: { name: 'Price_list', parameters: { properties: { input: { type: 'string' } } } } }],
    });
  });

  it('refuses a tool list naming a node that is not wired to it', async () => {
    const { outcome } = await runTestFlow(shopFlow({ tools: [{ node: 'reply' }] }), { text: 'Hi' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toContain('node `reply` is not wired to this agent\'s tools port');
  });
});
