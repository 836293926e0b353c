import { z } from 'zod';
import { renderText } from './render.ts';
import { hint, type UiHint } from './ui.ts';

/*
 * Config strings may hold `{{ }}` expressions. A field that is exactly one `{{ expr }}` resolves to the
 * raw value (a number, a list, a message …) before the schema validates it again, so fields must say
 * what they accept after resolution, not only what an operator types.
 */

/**
 * Any value, compared or stored as it is (condition operands, variable values). Missing is a value too:
 * an expression that finds nothing resolves to it, and it counts as empty.
 */
export function anyValue(description: string, ui: UiHint = {}): z.ZodOptional<z.ZodUnknown> {
  return z.unknown().optional().meta(hint(description, { widget: 'expression', ...ui }));
}

/**
 * Text: a non-text resolved value is rendered as text (objects as JSON, a message as its text), and
 * missing as '', just as `Hi {{ missing }}` renders. Fields that must not be empty say so with `min`.
 */
export function text(description: string, ui: UiHint = {}, schema: z.ZodString = z.string()): z.ZodPreprocess<z.ZodString> {
  return z.preprocess(renderText, schema).meta(hint(description, { widget: 'expression', ...ui }));
}

/** A number; numeric text such as "30" from an expression counts too. */
export function numeric<T extends z.ZodNumber>(schema: T, description: string, ui: UiHint = {}): z.ZodPreprocess<T> {
  return z.preprocess(fromNumericText, schema).meta(hint(description, { widget: 'number', ...ui }));
}

/** Names of conversation variables and of ports: expressions can read them as `vars.name`. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'use letters, digits and "_", starting with a letter or "_" (at most 64)')
  .refine((name) => !['__proto__', 'constructor', 'prototype'].includes(name), 'this name is reserved');

function fromNumericText(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}
