import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Workload = 'w1' | 'w2';

export const WORKLOADS: Record<Workload, string> = {
  w1: 'W1 rules bot: webhook → set → condition → JSON answer',
  w2: 'W2 LLM bot: webhook → chat model (local OpenAI server) → JSON answer',
};

/** The flow document of a workload, as kept in bench/flows (W2 pointed at the local model server). */
export async function workloadFlow(workload: Workload, modelUrl: string): Promise<unknown> {
  const file = join(import.meta.dirname, '..', 'flows', `${workload === 'w1' ? 'w1-rules' : 'w2-llm'}.json`);
  const text = await readFile(file, 'utf8');
  return JSON.parse(text.replaceAll('http://127.0.0.1:0/v1', modelUrl));
}

/** The n-th call: one of `conversations` chats, every tenth one asking for help. */
export function requestFor(workload: Workload, n: number, conversations: number): { body: string; text: string; conversationId: string } {
  const chatId = `chat-${String(n % conversations)}`;
  const text = n % 10 === 0 && workload === 'w1' ? `please help me ${String(n)}` : `message number ${String(n)}`;
  return { body: JSON.stringify({ chatId, userId: `user-${String(n % conversations)}`, text }), text, conversationId: chatId };
}

/** The exact body a correct answer has. */
export function expectedAnswer(workload: Workload, text: string): string {
  switch (workload) {
    case 'w1':
      return JSON.stringify({ reply: text.toUpperCase().includes('HELP') ? 'How can I help?' : `You said: ${text.toUpperCase()}` });
    case 'w2':
      // The local OpenAI-compatible server answers "Echo: <the last user message>".
      return JSON.stringify({ reply: `Echo: ${text}` });
  }
}
