import { nodeRegistry } from '@switchboard/nodes/definitions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFields, humanize, isExpression, isShown, newRow, parseNumberInput, problemsAt, setField, type FieldSpec } from './zod-fields.ts';

function fieldsOf(type: string): FieldSpec[] {
  const definition = nodeRegistry.latest(type);
  if (definition === undefined) throw new Error(`no node ${type}`);
  return describeFields(definition.config);
}

function field(fields: readonly FieldSpec[], key: string): FieldSpec {
  const found = fields.find((f) => f.key === key);
  if (found === undefined) throw new Error(`no field ${key}`);
  return found;
}

describe('describeFields on the real node definitions', () => {
  it('reads conversation.reply: a defaulted textarea behind a preprocess', () => {
    const [text] = fieldsOf('conversation.reply');
    expect(text).toMatchObject({ key: 'text', label: 'Text', widget: 'textarea', kind: { type: 'string' }, required: false, hasDefault: true, default: '' });
    expect(text?.description).toContain('What to send');
  });

  it('reads logic.condition: expression operands, an enum select, an advanced switch and showWhen', () => {
    const fields = fieldsOf('logic.condition');
    expect(fields.map((f) => f.key)).toEqual(['left', 'operator', 'right', 'caseSensitive']);
    expect(field(fields, 'left')).toMatchObject({ widget: 'expression', kind: { type: 'unknown' }, required: false, advanced: false });
    const operator = field(fields, 'operator');
    expect(operator).toMatchObject({ widget: 'select', default: 'equals', kind: { type: 'enum' } });
    expect(operator.kind.type === 'enum' && operator.kind.options).toContain('is_empty');
    const right = field(fields, 'right');
    expect(right.showWhen?.field).toBe('operator');
    expect(right.showWhen?.in).not.toContain('is_empty');
    expect(field(fields, 'caseSensitive')).toMatchObject({ label: 'Case sensitive', widget: 'switch', kind: { type: 'boolean' }, advanced: true, default: false });
  });

  it('reads logic.set: a list of assignments with their item fields', () => {
    const [assignments] = fieldsOf('logic.set');
    expect(assignments).toMatchObject({ key: 'assignments', widget: 'list', required: true, kind: { type: 'list', minItems: 1, maxItems: 50 } });
    if (assignments?.kind.type !== 'list') throw new Error('not a list');
    expect(assignments.kind.item.map((f) => [f.key, f.widget, f.kind.type, f.required])).toEqual([
      ['name', 'text', 'string', true],
      ['value', 'expression', 'unknown', false],
    ]);
    expect(newRow(assignments.kind.item)).toEqual({ name: '' });
  });

  it('reads logic.switch: cases whose refined port is still text', () => {
    const fields = fieldsOf('logic.switch');
    const cases = field(fields, 'cases');
    if (cases.kind.type !== 'list') throw new Error('not a list');
    expect(cases.kind.maxItems).toBe(20);
    expect(cases.kind.item.map((f) => [f.key, f.kind.type, f.widget])).toEqual([
      ['port', 'string', 'text'],
      ['equals', 'string', 'expression'],
    ]);
  });

  it('reads model.chat: urls, numbers with bounds, advanced fields and a placeholder', () => {
    const fields = fieldsOf('model.chat');
    expect(field(fields, 'provider')).toMatchObject({ widget: 'select', default: 'openai', kind: { type: 'enum' } });
    const provider = field(fields, 'provider').kind;
    expect(provider.type === 'enum' ? provider.options : []).toEqual(['openai', 'anthropic', 'deepseek', 'gemini', 'ollama', 'vllm', 'openrouter', 'dashscope', 'moonshot', 'zhipu', 'siliconflow', 'custom']);
    expect(field(fields, 'baseUrl')).toMatchObject({ label: 'Base URL', kind: { type: 'string' }, required: false, hasDefault: false });
    expect(field(fields, 'model')).toMatchObject({ required: true, widget: 'text' });
    expect(field(fields, 'prompt').placeholder).toBe('{{ message.text }}');
    expect(field(fields, 'memoryLimit')).toMatchObject({ widget: 'number', advanced: true, default: 20, kind: { type: 'number', min: 1, max: 500, integer: true } });
    expect(field(fields, 'temperature')).toMatchObject({ required: false, hasDefault: false, kind: { type: 'number', min: 0, max: 2, integer: false } });
    const maxTokens = field(fields, 'maxTokens');
    expect(maxTokens.kind).toEqual({ type: 'number', min: 1, integer: true }); // no safe-integer ceiling
    expect(fields.filter((f) => !f.advanced).map((f) => f.key)).toEqual(['provider', 'baseUrl', 'model', 'persona', 'systemPrompt', 'prompt', 'useMemory']);
    expect(field(fields, 'fallbacks')).toMatchObject({ advanced: true, kind: { type: 'list', item: [{ key: 'provider' }, { key: 'model' }, { key: 'baseUrl' }, { key: 'credentialId', widget: 'credential', credentialType: 'openai' }] } });
  });

  it('reads logic.delay: a required number', () => {
    expect(fieldsOf('logic.delay')).toMatchObject([{ key: 'seconds', required: true, widget: 'number', kind: { type: 'number', min: 0.001, max: 30 * 24 * 60 * 60, integer: false } }]);
  });

  it('describes every registered node without throwing, and objects only', () => {
    for (const definition of nodeRegistry.all()) expect(() => describeFields(definition.config)).not.toThrow();
    expect(describeFields(z.string())).toEqual([]);
    expect(fieldsOf('trigger.webhook')).toEqual([]);
  });

  it('falls back to JSON for shapes without a control', () => {
    const fields = describeFields(z.object({ tags: z.array(z.string()), extra: z.record(z.string(), z.number()) }));
    expect(fields.map((f) => [f.widget, f.kind.type])).toEqual([['json', 'json'], ['json', 'json']]);
  });
});

describe('form helpers', () => {
  it('humanizes keys', () => {
    expect(['caseSensitive', 'baseUrl', 'max_tokens', 'apiKey', 'text', 'not_equals'].map(humanize)).toEqual(['Case sensitive', 'Base URL', 'Max tokens', 'API key', 'Text', 'Not equals']);
  });

  it('spots expressions', () => {
    expect(isExpression('Hi {{ vars.name }}')).toBe(true);
    expect(isExpression('Hi {name}')).toBe(false);
    expect(isExpression(3)).toBe(false);
  });

  it('hides a field unless the other value, or its default, is allowed', () => {
    const fields = fieldsOf('logic.condition');
    const right = field(fields, 'right');
    expect(isShown(right, fields, {})).toBe(true); // operator defaults to equals
    expect(isShown(right, fields, { operator: 'is_empty' })).toBe(false);
    const chat = fieldsOf('model.chat');
    expect(isShown(field(chat, 'memoryLimit'), chat, { useMemory: false })).toBe(false);
    expect(isShown(field(chat, 'memoryLimit'), chat, {})).toBe(true);
  });

  it('drops optional fields that become empty, keeps required ones, keeps key order', () => {
    const chat = fieldsOf('model.chat');
    const config = { model: 'gpt', systemPrompt: 'Be nice', stream: false };
    expect(setField(config, field(chat, 'systemPrompt'), '')).toEqual({ model: 'gpt', stream: false });
    expect(setField(config, field(chat, 'model'), '')).toEqual({ model: '', systemPrompt: 'Be nice', stream: false });
    expect(Object.keys(setField(config, field(chat, 'model'), 'x'))).toEqual(['model', 'systemPrompt', 'stream']);
    expect(setField(config, field(chat, 'temperature'), undefined)).toEqual(config);
  });

  it('parses number boxes without losing keystrokes', () => {
    expect(parseNumberInput('30')).toBe(30);
    expect(parseNumberInput('0.5')).toBe(0.5);
    expect(parseNumberInput('3.')).toBe('3.');
    expect(parseNumberInput('{{ vars.n }}')).toBe('{{ vars.n }}');
    expect(parseNumberInput(' ')).toBeUndefined();
  });

  it('finds problems at a path and inside it', () => {
    const problems = [{ field: 'assignments', message: 'a' }, { field: 'assignments.0.name', message: 'b' }, { field: 'assignmentsX', message: 'c' }, { message: 'd' }];
    expect(problemsAt(problems, 'assignments').map((p) => p.message)).toEqual(['a', 'b']);
    expect(problemsAt(problems, 'assignments.0').map((p) => p.message)).toEqual(['b']);
  });
});
