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

describe('conversation.reply extras', () => {
  it('sends buttons, a button without a value sending its label', async () => {
    const run = await runNode(replyNode, { config: { text: 'Pick', buttons: [{ label: 'Yes', value: 'y' }, { label: 'No' }] } });
    expect(run.replies).toEqual([{ text: 'Pick', data: { buttons: [{ label: 'Yes', value: 'y' }, { label: 'No', value: 'No' }] } }]);
  });

  it('sends a file by its address, named after it, even without text', async () => {
    const run = await runNode(replyNode, { config: { file: 'https://files.example/reports/May%202026.pdf' } });
    expect(run.replies).toEqual([{ text: '', data: { attachments: [{ kind: 'file', url: 'https://files.example/reports/May%202026.pdf', name: 'May 2026.pdf' }] } }]);
  });

  it('refuses a file address that is not http(s)', async () => {
    await expect(runNode(replyNode, { config: { text: 'x', file: 'file:///etc/passwd' } })).rejects.toThrow('http(s) address');
  });
});
