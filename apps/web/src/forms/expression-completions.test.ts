import { parseFlowDocument, parseTemplate, type FlowDocument } from '@switchboard/flow-schema';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { describe, expect, it } from 'vitest';
import { applyCompletion, completionsAt, upstreamNodes, variableNames, type CompletionContext } from './expression-completions.ts';

function flow(input: unknown): FlowDocument {
  const parsed = parseFlowDocument(input);
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('; '));
  return parsed.value;
}

// chat → ask → llm → reply, with a set node beside, a switch, and a loop whose body returns to it.
const doc = flow({
  schemaVersion: 1,
  name: 'Completions',
  nodes: [
    { id: 'chat', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'ask', type: 'conversation.ask', typeVersion: 1, config: { question: 'Name?', variable: 'name' } },
    { id: 'llm', type: 'model.chat', typeVersion: 1, config: { model: 'm' } },
    { id: 'route', type: 'logic.switch', typeVersion: 1, config: { value: '{{ message.text }}', cases: [{ port: 'yes', equals: 'y' }] } },
    { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '' } },
    { id: 'vars', type: 'logic.set', typeVersion: 1, config: { assignments: [{ name: 'count', value: 1 }, { name: 'mood', value: 'ok' }] } },
    { id: 'loop', type: 'logic.loop', typeVersion: 1, config: {} },
    { id: 'body', type: 'logic.template', typeVersion: 1, config: { template: '' } },
    { id: 'after', type: 'conversation.reply', typeVersion: 1, config: { text: '' } },
  ],
  edges: [
    { id: 'e1', source: 'chat', sourcePort: 'text', target: 'ask', targetPort: 'in' },
    { id: 'e2', source: 'ask', sourcePort: 'answer', target: 'llm', targetPort: 'in' },
    { id: 'e3', source: 'llm', sourcePort: 'text', target: 'route', targetPort: 'in' },
    { id: 'e4', source: 'route', sourcePort: 'yes', target: 'reply', targetPort: 'in' },
    { id: 'e5', source: 'chat', sourcePort: 'text', target: 'vars', targetPort: 'in' },
    { id: 'e6', source: 'loop', sourcePort: 'item', target: 'body', targetPort: 'in' },
    { id: 'e7', source: 'body', sourcePort: 'out', target: 'loop', targetPort: 'next' },
    { id: 'e8', source: 'loop', sourcePort: 'done', target: 'after', targetPort: 'in' },
  ],
});

const at = (nodeId: string): CompletionContext => ({ doc, nodeId, registry: nodeRegistry });

/** Completions with the cursor at `|` in `marked`. */
function complete(marked: string, nodeId = 'reply') {
  const cursor = marked.indexOf('‸');
  const source = marked.replace('‸', '');
  return { source, result: completionsAt(source, cursor, at(nodeId)) };
}

function labels(marked: string, nodeId = 'reply'): string[] {
  return complete(marked, nodeId).result?.items.map((item) => item.label) ?? [];
}

describe('which nodes are upstream', () => {
  it('follows edges back from the node, in document order, and leaves out the rest', () => {
    expect(upstreamNodes(at('reply')).map((entry) => entry.node.id)).toEqual(['chat', 'ask', 'llm', 'route']);
    expect(upstreamNodes(at('chat'))).toEqual([]);
    expect(upstreamNodes(at('vars')).map((entry) => entry.node.id)).toEqual(['chat']);
  });

  it('does not count the edge a loop body sends its result back on', () => {
    expect(upstreamNodes(at('body')).map((entry) => entry.node.id)).toEqual(['loop']);
    expect(upstreamNodes(at('after')).map((entry) => entry.node.id)).toEqual(['loop']);
  });

  it('gives each node the output ports its config makes', () => {
    const route = upstreamNodes(at('reply')).find((entry) => entry.node.id === 'route');
    expect(Object.keys(route?.ports ?? {})).toContain('yes');
  });
});

describe('completions inside {{ }}', () => {
  it('offers the roots and every upstream output right after {{, with port types', () => {
    const { result } = complete('Hi {{‸');
    const items = result?.items ?? [];
    expect(items.slice(0, 3).map((item) => item.label)).toEqual(['message', 'vars', 'nodes']);
    const llm = items.find((item) => item.label === 'nodes.llm.text');
    expect(llm?.detail).toMatch(/^text · /);
    expect(items.map((item) => item.label)).toContain('nodes.ask.answer');
    expect(items.map((item) => item.label)).toContain('nodes.route.yes');
    // Not upstream: neither the set node nor the loop.
    expect(items.some((item) => item.label.startsWith('nodes.vars') || item.label.startsWith('nodes.loop'))).toBe(false);
    expect(result).toMatchObject({ from: 5, to: 5, open: 5 });
  });

  it('narrows by the word typed so far, matching any part of a path', () => {
    expect(labels('{{ me‸')).toEqual(['message', 'message.text', 'nodes.chat.message']); // the trigger's `message` output too
    expect(labels('{{ ll‸')).toEqual(['nodes.llm.text', 'nodes.llm.json', 'nodes.llm.budget', 'nodes.llm.summary']);
    expect(labels('{{ zzz‸')).toEqual([]);
  });

  it('offers node ids after nodes., and their ports after nodes.<id>.', () => {
    expect(labels('{{ nodes.‸')).toEqual(['chat', 'ask', 'llm', 'route']);
    expect(labels('{{ nodes.a‸')).toEqual(['ask']);
    expect(labels('{{ nodes.llm.‸')).toEqual(['text', 'json', 'budget', 'summary']);
    expect(labels('{{ nodes.vars.‸')).toEqual([]); // not upstream of reply
    expect(labels('{{ nodes.llm.text‸')).toEqual([]); // typed out in full: nothing left to offer
    expect(labels('{{ nodes‸').slice(0, 2)).toEqual(['nodes', 'nodes.chat.message']); // …but a prefix still offers its dot
  });

  it('offers the message fields and the variables the flow sets', () => {
    expect(labels('{{ message.‸')).toContain('text');
    expect(labels('{{ message.user‸')).toEqual(['userId']);
    expect(labels('{{ vars.‸')).toEqual(['name', 'count', 'mood']);
    expect(variableNames(doc)).toContainEqual({ name: 'count', setBy: 'vars' });
  });

  it('offers filters after |, with their arguments', () => {
    expect(labels('{{ message.text | ‸')).toContain('upper');
    const { result } = complete('{{ message.text | tr‸ }}');
    expect(result?.items.map((item) => [item.label, item.insert])).toEqual([
      ['trim', 'trim'],
      ['truncate', 'truncate('],
    ]);
  });

  it('offers paths as filter arguments, and nothing after a finished operand, in a string or outside {{ }}', () => {
    expect(labels('{{ message.text | default(va‸')).toEqual(['vars']);
    expect(labels('{{ message.text ‸')).toEqual([]);
    expect(labels('{{ message.text | replace("nod‸')).toEqual([]);
    expect(labels('plain text‸')).toEqual([]);
    expect(labels('{{ message.text }} and ‸')).toEqual([]);
    expect(labels('\\{{ ‸')).toEqual([]);
    expect(labels('{{ 12‸')).toEqual([]);
  });
});

describe('applying a completion', () => {
  function accept(marked: string, label: string) {
    const { source, result } = complete(marked);
    const item = result?.items.find((entry) => entry.label === label);
    if (!result || !item) throw new Error(`no completion ${label}`);
    return applyCompletion(source, result, item);
  }

  it('closes a finished path and leaves the cursor after it', () => {
    const { text, cursor } = accept('Answer: {{‸', 'nodes.llm.text');
    expect(text).toBe('Answer: {{ nodes.llm.text }}');
    expect(text.slice(0, cursor)).toBe('Answer: {{ nodes.llm.text');
    expect(parseTemplate(text).references).toEqual([{ root: 'nodes', path: ['llm', 'text'] }]);
  });

  it('adds a dot after a path prefix so the next part follows', () => {
    const { text, cursor } = accept('{{ no‸', 'nodes');
    expect(text).toBe('{{ nodes.');
    expect(cursor).toBe(text.length);
    expect(completionsAt(text, cursor, at('reply'))?.items.map((item) => item.label)).toContain('llm');
  });

  it('replaces only the word being typed and keeps an existing }}', () => {
    expect(accept('{{ nodes.llm.t‸ }} after', 'text').text).toBe('{{ nodes.llm.text }} after');
    expect(accept('{{ message.text | up‸ }}', 'upper').text).toBe('{{ message.text | upper }}');
    expect(accept('{{ a }} {{ me‸', 'message.text').text).toBe('{{ a }} {{ message.text }}');
  });
});
