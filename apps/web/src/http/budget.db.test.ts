// Spending that cannot run away: a flow's daily model budget, counted from what its runs really cost
// (the price table's arithmetic on the usage the server reported), stops model calls at its limit.
import type { ChatResult, SpanView, UsageRowView } from '@switchboard/runtime';
import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

let api: ListeningApi;
let llm: OpenAIServer;

beforeAll(async () => {
  api = await startListeningApi();
  llm = await startOpenAIServer();
}, 120_000);
afterAll(async () => {
  await Promise.all([api.close(), llm.close()]);
});

/** Each call: 1,000 input tokens at $4/M and 500 output tokens at $8/M = $0.004 + $0.004 = $0.008. */
const CALL_COST = (1_000 * 4) / 1e6 + (500 * 8) / 1e6;

function budgetFlow(limitUsd: number) {
  return {
    schemaVersion: 1,
    name: `Budget ${String(limitUsd)}`,
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      {
        id: 'llm',
        type: 'model.chat',
        typeVersion: 1,
        config: {
          baseUrl: llm.url,
          model: 'gpt-4o-mini',
          stream: false,
          useMemory: false,
          prices: [{ model: 'gpt-4o-mini', input: 4, output: 8 }],
          dailyBudgetUsd: limitUsd,
          onBudget: 'reply',
          budgetReply: 'Today\'s budget is spent.',
        },
      },
      { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.llm.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'text', target: 'llm', targetPort: 'in' },
      { id: 'e2', source: 'llm', sourcePort: 'text', target: 'reply', targetPort: 'in' },
    ],
  };
}

async function chat(flowId: string, conversationId: string, text: string): Promise<ChatResult> {
  const answer = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/chat`, payload: { conversationId, text } });
  expect(answer.statusCode).toBe(200);
  return answer.json<ChatResult>();
}

describe('a daily budget', () => {
  it('stops spending at its limit: calls go out until the spend reaches it, then the fixed reply, and the ledger shows the cost', async () => {
    // $0.02 allows three calls: $0.008 and $0.016 spent are under it, $0.024 is not.
    const flowId = await api.publish(budgetFlow(0.02));
    const answers: string[] = [];
    for (let turn = 0; turn < 5; turn += 1) {
      llm.enqueue({ content: `answer ${String(turn)}`, usage: { prompt_tokens: 1_000, completion_tokens: 500 } });
      const result = await chat(flowId, `budget-${String(turn % 2)}`, `question ${String(turn)}`);
      answers.push(result.replies.map((reply) => reply.text).join(' '));
    }
    expect(answers).toEqual(['answer 0', 'answer 1', 'answer 2', 'Today\'s budget is spent.', 'Today\'s budget is spent.']);
    expect(llm.requests).toHaveLength(3);
    llm.reset();

    // Each run's cost is the price table's arithmetic, on its span and in the daily ledger.
    const usage = await api.app.inject({ method: 'GET', url: `/api/v1/usage?days=1&flowId=${flowId}` });
    const rows = usage.json<{ items: UsageRowView[] }>().items;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ flowId, model: 'gpt-4o-mini', calls: 3, inputTokens: 3_000, outputTokens: 1_500 });
    expect(rows[0]?.costUsd).toBeCloseTo(3 * CALL_COST, 12);

    // The turn that hit the budget shows why on the model node's span.
    const last = await chat(flowId, 'budget-9', 'one more');
    const spans = await api.app.inject({ method: 'GET', url: `/api/v1/runs/${last.runId}/spans` });
    const model = spans.json<{ items: SpanView[] }>().items.find((span) => span.nodeId === 'llm');
    expect(model?.output).toMatchObject({ text: 'Today\'s budget is spent.', budget: { action: 'reply', limitUsd: 0.02 } });
    expect(llm.requests).toHaveLength(0);
  });

  it('records the price table\'s cost on each run\'s span', async () => {
    const flowId = await api.publish(budgetFlow(100));
    llm.enqueue({ content: 'priced', usage: { prompt_tokens: 1_000, completion_tokens: 500 } });
    const result = await chat(flowId, 'priced-1', 'how much?');
    const spans = await api.app.inject({ method: 'GET', url: `/api/v1/runs/${result.runId}/spans` });
    const model = spans.json<{ items: SpanView[] }>().items.find((span) => span.nodeId === 'llm');
    expect(model?.usage).toEqual({ model: 'gpt-4o-mini', inputTokens: 1_000, outputTokens: 500, costUsd: CALL_COST });
  });
});
