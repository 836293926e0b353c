import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatResult, FlowDetail, SpanView, UsageRowView } from '@switchboard/runtime';
import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
let llm: OpenAIServer;
beforeAll(async () => {
  api = await startTestApi();
  llm = await startOpenAIServer();
}, 120_000);
afterAll(async () => {
  await api.close();
  await llm.close();
});

/** The LLM chat bot template, its model node pointed at the local OpenAI server. */
async function publishChatBot(name: string): Promise<string> {
  const parsed: unknown = JSON.parse(await readFile(join(import.meta.dirname, '../../../../templates/llm-chat-bot.json'), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('nodes' in parsed) || !Array.isArray(parsed.nodes)) throw new Error('llm-chat-bot.json has no nodes');
  const nodes = parsed.nodes.map((node: unknown) =>
    typeof node === 'object' && node !== null && 'id' in node && node.id === 'llm' && 'config' in node && typeof node.config === 'object'
      ? { ...node, config: { ...node.config, baseUrl: llm.url, model: 'gpt-4o-mini' } }
      : node,
  );
  return publish({ ...parsed, name, nodes });
}

async function publish(document: object): Promise<string> {
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: document });
  expect(created.statusCode).toBe(201);
  const id = created.json<FlowDetail>().id;
  expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` })).statusCode).toBe(201);
  return id;
}

async function chat(flowId: string, conversationId: string, text: string): Promise<ChatResult> {
  const answer = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/chat`, payload: { conversationId, text } });
  expect(answer.statusCode).toBe(200);
  return answer.json<ChatResult>();
}

async function usage(query: string): Promise<UsageRowView[]> {
  const answer = await api.app.inject({ method: 'GET', url: `/api/v1/usage${query}` });
  expect(answer.statusCode).toBe(200);
  return answer.json<{ items: UsageRowView[] }>().items;
}

describe('/api/v1/usage', () => {
  it('sums the usage of the spans of every turn per flow, model and day; flows without model calls have no rows', async () => {
    const bot = await publishChatBot('Usage bot');
    const echo = await publish(echoFlow('No models'));
    const runs = await Promise.all([chat(bot, 'a', 'hello'), chat(bot, 'b', 'hi there, how are you?'), chat(echo, 'c', 'hello')]);
    runs.push(await chat(bot, 'a', 'and again'));

    const spans = (await Promise.all(runs.map(async (run) => (await api.app.inject({ method: 'GET', url: `/api/v1/runs/${run.runId}/spans` })).json<{ items: SpanView[] }>().items))).flat();
    const used = spans.flatMap((span) => (span.usage ? [span.usage] : []));
    expect(used).toHaveLength(3);
    const today = new Date().toISOString().slice(0, 10);
    const rows = await usage('?days=7');
    expect(rows.filter((row) => row.flowId === echo)).toEqual([]);
    const [row, ...others] = rows.filter((item) => item.flowId === bot);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      flowId: bot,
      flowName: 'Usage bot',
      day: today,
      model: used[0]?.model ?? 'unknown',
      calls: 3,
      inputTokens: used.reduce((sum, item) => sum + item.inputTokens, 0),
      outputTokens: used.reduce((sum, item) => sum + item.outputTokens, 0),
    });
    expect(row?.costUsd).toBeCloseTo(used.reduce((sum, item) => sum + (item.costUsd ?? 0), 0), 9);
    expect(await usage(`?flowId=${echo}`)).toEqual([]);
    expect((await usage(`?flowId=${bot}&days=1`)).map((row) => row.calls)).toEqual([3]);
  });

  it('checks its query', async () => {
    for (const query of ['?days=0', '?days=abc', '?days=400', '?flowId=nope', '?colour=red']) {
      const answer = await api.app.inject({ method: 'GET', url: `/api/v1/usage${query}` });
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json<ErrorAnswer>().error.code).toBe('invalid_request');
    }
  });
});
