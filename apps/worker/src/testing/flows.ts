// Flows the worker's process tests run.

/** One model call between remembering the message and replying; the reply counts the turns. */
export function countingModelFlow(modelUrl: string): unknown {
  return {
    schemaVersion: 1,
    name: 'Counting model flow',
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'remember', type: 'conversation.memory', typeVersion: 1, config: { mode: 'append', role: 'user', content: '{{ message.text }}' } },
      { id: 'recall', type: 'conversation.memory', typeVersion: 1, config: { mode: 'read', limit: 1000 } },
      { id: 'model', type: 'model.chat', typeVersion: 1, config: { baseUrl: modelUrl, model: 'echo', useMemory: false, stream: false } },
      { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.recall.history | length }} {{ nodes.model.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'message', target: 'remember', targetPort: 'in' },
      { id: 'e2', source: 'remember', sourcePort: 'out', target: 'recall', targetPort: 'in' },
      { id: 'e3', source: 'recall', sourcePort: 'history', target: 'model', targetPort: 'in' },
      { id: 'e4', source: 'model', sourcePort: 'text', target: 'out', targetPort: 'in' },
    ],
  };
}
