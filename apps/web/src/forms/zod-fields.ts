import { z } from 'zod';

/*
 * Reads a node's zod config schema into plain field descriptions for the generated config form. The UI
 * hints come from `.meta({ description, ui })` (nodes/src/shared/ui.ts); wrappers such as optional,
 * default and preprocess carry their own meta, so every layer is read and the outermost wins.
 */

export type Widget = 'text' | 'textarea' | 'expression' | 'number' | 'select' | 'switch' | 'list' | 'password' | 'json' | 'credential';
const WIDGETS: readonly Widget[] = ['text', 'textarea', 'expression', 'number', 'select', 'switch', 'list', 'password', 'json', 'credential'];

export type Scalar = string | number | boolean;

export type FieldKind =
  | { type: 'string' }
  | { type: 'number'; min?: number; max?: number; integer: boolean }
  | { type: 'boolean' }
  | { type: 'enum'; options: Scalar[] }
  | { type: 'list'; item: FieldSpec[]; minItems?: number; maxItems?: number }
  /** Any value (an expression operand); edited as text. */
  | { type: 'unknown' }
  /** A shape the form has no control for (records, unions, lists of plain values …); edited as JSON. */
  | { type: 'json' };

export interface FieldSpec {
  key: string;
  label: string;
  description?: string;
  /** The hint's widget, or the one the kind implies. */
  widget: Widget;
  placeholder?: string;
  advanced: boolean;
  showWhen?: { field: string; in: readonly Scalar[] };
  /** Neither optional nor defaulted: the stored config must hold it. */
  required: boolean;
  hasDefault: boolean;
  default?: unknown;
  kind: FieldKind;
  /** widget 'credential': the type of stored credential the field holds the id of. */
  credentialType?: string;
}

interface Meta {
  title?: string;
  description?: string;
  widget?: Widget;
  placeholder?: string;
  advanced?: boolean;
  showWhen?: { field: string; in: readonly Scalar[] };
  credentialType?: string;
}

/** The fields of an object schema, in declaration order; any other schema has none. */
export function describeFields(schema: z.core.$ZodType): FieldSpec[] {
  const object = unwrap(schema).inner;
  if (!(object instanceof z.ZodObject)) return [];
  const shape: Record<string, z.core.$ZodType> = object.shape;
  return Object.entries(shape).map(([key, field]) => describeField(key, field));
}

export function describeField(key: string, schema: z.core.$ZodType): FieldSpec {
  const { inner, meta, optional, hasDefault, defaultValue } = unwrap(schema);
  const kind = kindOf(inner);
  const spec: FieldSpec = {
    key,
    label: meta.title ?? humanize(key),
    widget: meta.widget ?? widgetFor(kind),
    advanced: meta.advanced ?? false,
    required: !optional && !hasDefault,
    hasDefault,
    kind,
  };
  if (meta.description !== undefined) spec.description = meta.description;
  if (meta.placeholder !== undefined) spec.placeholder = meta.placeholder;
  if (meta.showWhen !== undefined) spec.showWhen = meta.showWhen;
  if (meta.credentialType !== undefined) spec.credentialType = meta.credentialType;
  if (hasDefault) spec.default = defaultValue;
  return spec;
}

interface Unwrapped {
  inner: z.core.$ZodType;
  meta: Meta;
  optional: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
}

/** Peels optional, default, nullable, readonly, catch and pipe layers, collecting their meta. */
function unwrap(schema: z.core.$ZodType): Unwrapped {
  const result: Unwrapped = { inner: schema, meta: {}, optional: false, hasDefault: false, defaultValue: undefined };
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    result.inner = current;
    result.meta = { ...readMeta(current), ...result.meta };
    current = peel(current, result);
  }
  return result;
}

function peel(schema: z.core.$ZodType, into: Unwrapped): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodExactOptional) {
    into.optional = true;
    return schema.unwrap();
  }
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    if (!into.hasDefault) {
      into.hasDefault = true;
      into.defaultValue = schema._zod.def.defaultValue;
    }
    return schema.unwrap();
  }
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly || schema instanceof z.ZodCatch || schema instanceof z.ZodNonOptional) {
    return schema.unwrap();
  }
  // A preprocess pipe edits as its target; a transform pipe (`x.transform(f)`) edits as its source.
  if (schema instanceof z.ZodPipe) return schema.out instanceof z.ZodTransform ? schema.in : schema.out;
  return undefined;
}

function kindOf(schema: z.core.$ZodType): FieldKind {
  if (schema instanceof z.ZodNumber) {
    const kind: FieldKind = { type: 'number', integer: schema.format === 'safeint' || schema.format === 'int32' || schema.format === 'uint32' };
    // `.int()` alone bounds a number by the safe integer range; that is no bound worth showing.
    if (schema.minValue !== null && Math.abs(schema.minValue) < Number.MAX_SAFE_INTEGER) kind.min = schema.minValue;
    if (schema.maxValue !== null && Math.abs(schema.maxValue) < Number.MAX_SAFE_INTEGER) kind.max = schema.maxValue;
    return kind;
  }
  if (schema instanceof z.ZodEnum) return { type: 'enum', options: schema.options };
  if (schema instanceof z.ZodLiteral) return { type: 'enum', options: [...schema.values].filter(isScalar) };
  if (schema instanceof z.ZodArray) {
    const element = unwrap(schema.element).inner;
    if (!(element instanceof z.ZodObject)) return { type: 'json' };
    const kind: FieldKind = { type: 'list', item: describeFields(element) };
    const { minItems, maxItems } = lengthBounds(schema);
    if (minItems !== undefined) kind.minItems = minItems;
    if (maxItems !== undefined) kind.maxItems = maxItems;
    return kind;
  }
  const type = schema._zod.def.type;
  if (type === 'string' || type === 'template_literal') return { type: 'string' };
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'unknown' || type === 'any') return { type: 'unknown' };
  return { type: 'json' };
}

/** `.min(n)` and `.max(n)` on an array are checks, each carrying its bound in its own def. */
function lengthBounds(schema: z.core.$ZodType): { minItems?: number; maxItems?: number } {
  const bounds: { minItems?: number; maxItems?: number } = {};
  for (const check of schema._zod.def.checks ?? []) {
    const def: unknown = check._zod.def;
    if (!isRecord(def)) continue;
    if (def.check === 'min_length' && typeof def.minimum === 'number') bounds.minItems = def.minimum;
    if (def.check === 'max_length' && typeof def.maximum === 'number') bounds.maxItems = def.maximum;
    if (def.check === 'length_equals' && typeof def.length === 'number') bounds.minItems = bounds.maxItems = def.length;
  }
  return bounds;
}

function widgetFor(kind: FieldKind): Widget {
  switch (kind.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'switch';
    case 'enum':
      return 'select';
    case 'list':
      return 'list';
    case 'unknown':
      return 'expression';
    case 'json':
      return 'json';
  }
}

function readMeta(schema: z.core.$ZodType): Meta {
  const raw = z.globalRegistry.get(schema);
  if (raw === undefined) return {};
  const meta: Meta = {};
  if (typeof raw.title === 'string') meta.title = raw.title;
  if (typeof raw.description === 'string') meta.description = raw.description;
  const ui = raw.ui;
  if (!isRecord(ui)) return meta;
  const widget = WIDGETS.find((w) => w === ui.widget);
  if (widget !== undefined) meta.widget = widget;
  if (typeof ui.placeholder === 'string') meta.placeholder = ui.placeholder;
  if (typeof ui.advanced === 'boolean') meta.advanced = ui.advanced;
  if (typeof ui.credentialType === 'string') meta.credentialType = ui.credentialType;
  const showWhen = ui.showWhen;
  if (isRecord(showWhen) && typeof showWhen.field === 'string' && Array.isArray(showWhen.in)) {
    const values: unknown[] = showWhen.in;
    meta.showWhen = { field: showWhen.field, in: values.filter(isScalar) };
  }
  return meta;
}

const ACRONYMS = new Set(['url', 'id', 'api', 'json', 'http', 'https', 'llm', 'ai']);

/** `caseSensitive` → "Case sensitive", `baseUrl` → "Base URL", `max_tokens` → "Max tokens". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** `{{ … }}` anywhere: the value is an expression, shown as text whatever the field's kind. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && /\{\{[\s\S]*?\}\}/.test(value);
}

/** Whether a field with `showWhen` is shown, reading the other field's value or, without one, its default. */
export function isShown(field: FieldSpec, fields: readonly FieldSpec[], value: Record<string, unknown>): boolean {
  const rule = field.showWhen;
  if (rule === undefined) return true;
  const other = fields.find((f) => f.key === rule.field);
  const current = rule.field in value ? value[rule.field] : other?.default;
  return rule.in.some((allowed) => allowed === current);
}

/** Empty for the form: nothing, blank text or an empty list. */
export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/**
 * The config after one field changed: optional and defaulted fields that become empty are left out, so
 * the schema's default applies; required ones keep what was typed (validation says what is missing).
 */
export function setField(config: Record<string, unknown>, field: FieldSpec, next: unknown): Record<string, unknown> {
  if (next === undefined || (!field.required && isEmpty(next))) {
    return Object.fromEntries(Object.entries(config).filter(([key]) => key !== field.key));
  }
  return { ...config, [field.key]: next };
}

/** A new row of a list: each item field at its default, required text empty, the rest left out. */
export function newRow(item: readonly FieldSpec[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of item) {
    if (field.hasDefault) row[field.key] = field.default;
    else if (field.required && (field.kind.type === 'string' || field.kind.type === 'unknown')) row[field.key] = '';
    else if (field.required && field.kind.type === 'enum' && field.kind.options[0] !== undefined) row[field.key] = field.kind.options[0];
    else if (field.required && field.kind.type === 'boolean') row[field.key] = false;
  }
  return row;
}

/**
 * What a number box holds → the stored value. Canonical numeric text becomes a number; anything else
 * ("3.", an expression) stays text so no keystroke is lost, and numeric fields accept numeric text anyway.
 */
export function parseNumberInput(text: string): number | string | undefined {
  if (text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) && String(number) === text.trim() ? number : text;
}

/** Problems about `path` or anything inside it (`assignments` matches `assignments.0.name`). */
export function problemsAt<P extends { field?: string }>(problems: readonly P[], path: string): P[] {
  return problems.filter((p) => p.field !== undefined && (p.field === path || p.field.startsWith(`${path}.`)));
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
