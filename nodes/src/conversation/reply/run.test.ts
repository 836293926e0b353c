import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { replyNode } from './run.ts';

describe('conversation.reply', () => {
  it('sends the text once and outputs it', async () => {
    const run = await runNode(replyNode, { config: { text: 'Hi Ada' }, inputs: { in: 'ignored' } });
    expect(run.replies).toEqual([{ text: 'Hi Ada' }]);
    expect(run.outputs).toEqual({ out: 'Hi Ada' });
  });

  it('sends the input as text when text is empty', async () => {
    expect((await runNode(replyNode, { config: {}, inputs: { in: 'from model' } })).replies).toEqual([{ text: 'from model' }]);
    expect((await runNode(replyNode, { config: { text: '  ' }, inputs: { in: 42 } })).replies).toEqual([{ text: '42' }]);
    expect((await runNode(replyNode, { config: {}, inputs: { in: { a: 1 } } })).replies).toEqual([{ text: '{"a":1}' }]);
  });

  it('sends a message input as its text', async () => {
    const message = { kind: 'message', text: 'echo me', channel: 'api', receivedAt: '' };
    expect((await runNode(replyNode, { config: {}, inputs: { in: message } })).outputs).toEqual({ out: 'echo me' });
  });

  it('renders a lone expression that resolved to a number', async () => {
    expect((await runNode(replyNode, { config: { text: 7 } })).replies).toEqual([{ text: '7' }]);
  });

  it('fails with a clear message when there is nothing to send', async () => {
    await expect(runNode(replyNode, { config: {} })).rejects.toThrow('nothing to send');
  });
});
