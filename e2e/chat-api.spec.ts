import { ChatAnswer, importAndPublish, read, RunPage, SpanList } from './api.ts';
import { expect, test } from './fixtures.ts';

test('the form bot holds a three-message conversation and its trace shows every node that ran', async ({ request }) => {
  const { id: flowId } = await importAndPublish(request, 'form-bot.json');
  const say = async (text: string) =>
    read(await request.post(`/api/v1/flows/${flowId}/chat`, { data: { conversationId: 'e2e-form', text } }), ChatAnswer);

  const first = await say('hi');
  expect(first).toMatchObject({ status: 'waiting', replies: [{ nodeId: 'ask-name', text: 'Welcome! What is your name?' }] });
  const second = await say('Ada');
  expect(second).toMatchObject({
    conversationId: first.conversationId,
    status: 'waiting',
    replies: [{ nodeId: 'ask-email', text: 'Thanks, Ada. What is your email address?' }],
  });
  const reply = 'All set, Ada: we will write to ada@example.com.';
  const third = await say(' ada@example.com ');
  expect(third).toMatchObject({ conversationId: first.conversationId, status: 'completed', replies: [{ nodeId: 'thanks', text: reply }] });

  const runs = await read(await request.get(`/api/v1/conversations/${first.conversationId}/runs`), RunPage);
  expect(runs.items.map((run) => run.id)).toEqual([first.runId, second.runId, third.runId]);
  const last = runs.items.at(-1);
  expect(last).toMatchObject({ id: third.runId, status: 'completed' });

  const spans = await read(await request.get(`/api/v1/runs/${third.runId}/spans`), SpanList);
  // The third message resumes the email question with the raw answer and ends at the thank-you reply.
  expect(spans.items).toEqual([
    { nodeId: 'ask-email', status: 'ok', output: { answer: ' ada@example.com ' } },
    { nodeId: 'thanks', status: 'ok', output: { out: reply } },
  ]);
  expect(spans.items).toHaveLength(last?.steps ?? -1); // one span per step: no node ran untraced
});
