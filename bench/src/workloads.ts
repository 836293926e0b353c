import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Workload = 'w1' | 'w2' | 'w3' | 'w4';

export const WORKLOADS: Record<Workload, string> = {
  w1: 'W1 rules bot: webhook → set → condition → JSON answer',
  w2: 'W2 LLM bot: webhook → chat model (local OpenAI server) → JSON answer',
  w3: 'W3 Telegram bot: Telegram webhook updates → chat model (local OpenAI server) → sendMessage to the local Telegram server',
  w4: 'W4 form bot: chat API, 5 questions across 6 turns per conversation, 1,000 conversations',
};

const FILES: Record<Workload, string> = { w1: 'w1-rules.json', w2: 'w2-llm.json', w3: 'w3-telegram.json', w4: 'w4-form.json' };

export function isWorkload(name: string): name is Workload {
  return name === 'w1' || name === 'w2' || name === 'w3' || name === 'w4';
}

/** The flow document of a workload, as kept in bench/flows (W2 and W3 pointed at the local model server). */
export async function workloadFlow(workload: Workload, modelUrl: string): Promise<unknown> {
  const text = await readFile(join(import.meta.dirname, '..', 'flows', FILES[workload]), 'utf8');
  return JSON.parse(text.replaceAll('http://127.0.0.1:0/v1', modelUrl));
}

/** Where a workload's calls go: W1 and W2 through the flow's webhook, W4 through the chat API (W3: its channel's webhook, see telegram.ts). */
export function endpointOf(workload: Workload, origin: string, flowId: string): string {
  return `${origin}/api/v1/flows/${flowId}/${workload === 'w4' ? 'chat' : 'webhook'}`;
}

/** The n-th webhook call (W1, W2): one of `conversations` chats, every tenth one asking for help. */
export function requestFor(workload: Workload, n: number, conversations: number): { body: string; text: string; conversationId: string } {
  const chatId = `chat-${String(n % conversations)}`;
  const text = n % 10 === 0 && workload === 'w1' ? `please help me ${String(n)}` : `message number ${String(n)}`;
  return { body: JSON.stringify({ chatId, userId: `user-${String(n % conversations)}`, text }), text, conversationId: chatId };
}

/** The exact body a correct webhook answer has (W1, W2). */
export function expectedAnswer(workload: Workload, text: string): string {
  switch (workload) {
    case 'w1':
      return JSON.stringify({ reply: text.toUpperCase().includes('HELP') ? 'How can I help?' : `You said: ${text.toUpperCase()}` });
    case 'w2':
      // The local OpenAI-compatible server answers "Echo: <the last user message>".
      return JSON.stringify({ reply: `Echo: ${text}` });
    case 'w3':
      throw new Error('W3 answers are sendMessage calls, checked per chat: see telegram.ts');
    case 'w4':
      throw new Error('W4 answers are checked per conversation step: see formStep');
  }
}

const QUESTIONS = ['what is your name?', 'which city do you live in?', 'what is your favourite colour?', 'what is your pet called?', 'what do you like to eat?'];
const FIELDS = ['name', 'city', 'color', 'pet', 'food'];

/**
 * W4, step `step` (0–5) of conversation `id`: what the user says, and the one reply a correct turn gives.
 * Step 0 starts the form; steps 1–5 answer the questions; after step 5 the form starts over.
 */
export function formStep(id: string, step: number): { text: string; reply: string } {
  if (step === 0) return { text: 'start', reply: `Question 1 of 5: ${QUESTIONS[0] ?? ''}` };
  const text = `${FIELDS[step - 1] ?? ''}-${id}`;
  if (step < 5) return { text, reply: `Question ${String(step + 1)} of 5: ${QUESTIONS[step] ?? ''}` };
  return { text, reply: `Thanks name-${id}: city-${id}, color-${id}, pet-${id}, food-${id}.` };
}
