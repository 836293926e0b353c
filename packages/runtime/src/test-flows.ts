/** Small flow documents used by the runtime's tests. */

export const echoFlow = {
  schemaVersion: 1,
  name: 'Echo',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' } },
  ],
  edges: [{ id: 'e1', source: 'in', sourcePort: 'text', target: 'out', targetPort: 'in' }],
};

export const branchFlow = {
  schemaVersion: 1,
  name: 'Branches',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'check', type: 'logic.condition', typeVersion: 1, config: { left: '{{ message.text }}', operator: 'contains', right: 'help' } },
    { id: 'help', type: 'conversation.reply', typeVersion: 1, config: { text: 'How can I help?' } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'Echo: {{ message.text }}' } },
    { id: 'after-echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'and again: {{ nodes.echo.out }}' } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'message', target: 'check', targetPort: 'in' },
    { id: 'e2', source: 'check', sourcePort: 'true', target: 'help', targetPort: 'in' },
    { id: 'e3', source: 'check', sourcePort: 'false', target: 'echo', targetPort: 'in' },
    { id: 'e4', source: 'echo', sourcePort: 'out', target: 'after-echo', targetPort: 'in' },
  ],
};

export const formFlow = {
  schemaVersion: 1,
  name: 'Form',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'ask-name', type: 'conversation.ask', typeVersion: 1, config: { prompt: 'What is your name?', variable: 'name' } },
    { id: 'ask-color', type: 'conversation.ask', typeVersion: 1, config: { prompt: 'Hi {{ vars.name }}! Favourite colour?', variable: 'color' } },
    { id: 'done', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ vars.name }} likes {{ vars.color | lower }}' } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'message', target: 'ask-name', targetPort: 'in' },
    { id: 'e2', source: 'ask-name', sourcePort: 'answer', target: 'ask-color', targetPort: 'in' },
    { id: 'e3', source: 'ask-color', sourcePort: 'answer', target: 'done', targetPort: 'in' },
  ],
};

export const memoryFlow = {
  schemaVersion: 1,
  name: 'Memory',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'remember', type: 'conversation.memory', typeVersion: 1, config: { mode: 'append', role: 'user', content: '{{ message.text }}' } },
    { id: 'recall', type: 'conversation.memory', typeVersion: 1, config: { mode: 'read', limit: 1000 } },
    { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.recall.history | length }}' } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'message', target: 'remember', targetPort: 'in' },
    { id: 'e2', source: 'remember', sourcePort: 'out', target: 'recall', targetPort: 'in' },
    { id: 'e3', source: 'recall', sourcePort: 'history', target: 'out', targetPort: 'in' },
  ],
};

export function delayFlow(seconds: number): unknown {
  return {
    schemaVersion: 1,
    name: 'Delay',
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'first', type: 'conversation.reply', typeVersion: 1, config: { text: 'wait for it' } },
      { id: 'pause', type: 'logic.delay', typeVersion: 1, config: { seconds } },
      { id: 'second', type: 'conversation.reply', typeVersion: 1, config: { text: 'done: {{ message.kind }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'message', target: 'first', targetPort: 'in' },
      { id: 'e2', source: 'first', sourcePort: 'out', target: 'pause', targetPort: 'in' },
      { id: 'e3', source: 'pause', sourcePort: 'out', target: 'second', targetPort: 'in' },
    ],
  };
}

/** Asks, and gives up after `seconds` without an answer. */
export function askTimeoutFlow(seconds: number): unknown {
  return {
    schemaVersion: 1,
    name: 'Ask with a time-out',
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'ask', type: 'conversation.ask', typeVersion: 1, config: { prompt: 'Still there?', variable: 'name', timeoutSeconds: seconds } },
      { id: 'thanks', type: 'conversation.reply', typeVersion: 1, config: { text: 'Thanks {{ vars.name }}' } },
      { id: 'bye', type: 'conversation.reply', typeVersion: 1, config: { text: 'Bye' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'message', target: 'ask', targetPort: 'in' },
      { id: 'e2', source: 'ask', sourcePort: 'answer', target: 'thanks', targetPort: 'in' },
      { id: 'e3', source: 'ask', sourcePort: 'timeout', target: 'bye', targetPort: 'in' },
    ],
  };
}
