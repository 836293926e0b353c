import type { ChatTurn } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { memoryNode } from './run.ts';

const memory: ChatTurn[] = [
  { role: 'user', content: 'one' },
  { role: 'assistant', content: 'two' },
  { role: 'user', content: 'three' },
];

describe('conversation.memory', () => {
  it('reads the latest turns, oldest first, firing only `history`', async () => {
    const run = await runNode(memoryNode, { config: { mode: 'read', limit: 2 }, memory });
    expect(run.outputs).toEqual({ history: memory.slice(1) });
  });

  it('reads 20 turns by default', async () => {
    const long = Array.from({ length: 25 }, (_, i): ChatTurn => ({ role: 'user', content: String(i) }));
    const { outputs } = await runNode(memoryNode, { config: {}, memory: long });
    expect(outputs?.history).toEqual(long.slice(5));
  });

  it('appends a turn and passes the input on, firing only `out`', async () => {
    const run = await runNode(memoryNode, { config: { mode: 'append', role: 'assistant', content: 'four' }, memory, inputs: { in: 'x' } });
    expect(run.memory).toEqual([...memory, { role: 'assistant', content: 'four' }]);
    expect(run.outputs).toEqual({ out: 'x' });
  });

  it('appends the input when content is empty', async () => {
    const run = await runNode(memoryNode, { config: { mode: 'append' }, inputs: { in: 'typed' } });
    expect(run.memory).toEqual([{ role: 'user', content: 'typed' }]);
  });

  it('refuses to append an empty turn', async () => {
    await expect(runNode(memoryNode, { config: { mode: 'append' } })).rejects.toThrow('nothing to append');
  });

  it('clears the history', async () => {
    const run = await runNode(memoryNode, { config: { mode: 'clear' }, memory });
    expect(run.memory).toEqual([]);
    expect(run.outputs).toEqual({ out: null });
  });
});
