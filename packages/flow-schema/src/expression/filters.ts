import { equals, isList, isNullish, isPlainObject, stringify, toJson, toNumber, toText } from './values.ts';

/** `text` args must be string or number literals, `count` args whole numbers ≥ 0; paths are checked at evaluation. */
export interface FilterParam {
  readonly name: string;
  readonly type: 'text' | 'count' | 'any';
}

export interface FilterDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: readonly FilterParam[];
  /** Never throws: input of the wrong type gives null, '' or false as each description says. */
  readonly apply: (input: unknown, args: readonly unknown[]) => unknown;
}

const text = (name: string): FilterParam => ({ name, type: 'text' });

const DEFINITIONS: readonly FilterDefinition[] = [
  {
    name: 'upper',
    description: 'Upper-cases text. Numbers and booleans count as text; anything else gives "".',
    params: [],
    apply: (input) => toText(input).toUpperCase(),
  },
  {
    name: 'lower',
    description: 'Lower-cases text. Numbers and booleans count as text; anything else gives "".',
    params: [],
    apply: (input) => toText(input).toLowerCase(),
  },
  {
    name: 'trim',
    description: 'Removes leading and trailing whitespace. Non-text gives "".',
    params: [],
    apply: (input) => toText(input).trim(),
  },
  {
    name: 'length',
    description: 'Characters in text, items in a list, keys in an object; 0 when missing, null for numbers and booleans.',
    params: [],
    apply: (input) => {
      if (typeof input === 'string') return countCharacters(input);
      if (isList(input)) return input.length;
      if (isPlainObject(input)) return Object.keys(input).length;
      return isNullish(input) ? 0 : null;
    },
  },
  {
    name: 'json',
    description: 'The value as JSON text; missing or unserialisable values give "null".',
    params: [],
    apply: (input) => toJson(input),
  },
  {
    name: 'default',
    description: 'The argument when the value is missing, null or "".',
    params: [{ name: 'value', type: 'any' }],
    apply: (input, [fallback]) => (isNullish(input) || input === '' ? fallback : input),
  },
  {
    name: 'truncate',
    description: 'At most n characters, the last one "…" when text was cut. Non-text gives "".',
    params: [{ name: 'n', type: 'count' }],
    apply: (input, [n]) => {
      const max = toCount(n);
      return max === undefined ? toText(input) : truncate(toText(input), max);
    },
  },
  {
    name: 'join',
    description: 'Joins list items (rendered as in text) with the separator. A non-list is rendered as text.',
    params: [text('separator')],
    apply: (input, [separator]) => (isList(input) ? input.map((item) => stringify(item)).join(toText(separator)) : stringify(input)),
  },
  {
    name: 'first',
    description: 'The first item of a list or character of text; missing when empty, null for other values.',
    params: [],
    apply: (input) => {
      if (typeof input === 'string') return input.slice(0, codeUnitIndex(input, 1));
      return isList(input) ? input[0] : null;
    },
  },
  {
    name: 'last',
    description: 'The last item of a list or character of text; missing when empty, null for other values.',
    params: [],
    apply: (input) => {
      if (typeof input === 'string') return lastCharacter(input);
      return isList(input) ? input[input.length - 1] : null;
    },
  },
  {
    name: 'number',
    description: 'Converts to a number; null when that fails (text that is not a number, "", missing, objects).',
    params: [],
    apply: (input) => toNumber(input),
  },
  {
    name: 'string',
    description: 'Renders the value as text, as {{ }} does inside text: objects as JSON, missing as "".',
    params: [],
    apply: (input) => stringify(input),
  },
  {
    name: 'split',
    description: 'Splits text into a list at each separator ("" splits into characters). Non-text or "" gives [].',
    params: [text('separator')],
    apply: (input, [separator]) => {
      const source = toText(input);
      if (source === '') return [];
      const at = toText(separator);
      return at === '' ? Array.from(source) : source.split(at);
    },
  },
  {
    name: 'replace',
    description: 'Replaces every occurrence of plain text `find` with `with`. Non-text gives "".',
    params: [text('find'), text('with')],
    apply: (input, [find, replacement]) => {
      const source = toText(input);
      const target = toText(find);
      const by = toText(replacement);
      // A function replacement keeps `$&` and friends literal.
      return target === '' ? source : source.replaceAll(target, () => by);
    },
  },
  {
    name: 'contains',
    description: 'True when text contains the text, a list contains the value, or an object has the key; false otherwise.',
    params: [{ name: 'x', type: 'any' }],
    apply: (input, [needle]) => {
      if (isList(input)) return input.some((item) => equals(item, needle));
      const part = typeof needle === 'object' || isNullish(needle) ? undefined : toText(needle);
      if (part === undefined) return false;
      if (typeof input === 'string') return input.includes(part);
      return isPlainObject(input) && Object.hasOwn(input, part);
    },
  },
  {
    name: 'eq',
    description: 'True when the value equals x, without type conversion (use | number first); missing equals null.',
    params: [{ name: 'x', type: 'any' }],
    apply: (input, [other]) => equals(input, other),
  },
];

const BY_NAME = new Map(DEFINITIONS.map((definition) => [definition.name, definition]));

export function findFilter(name: string): FilterDefinition | undefined {
  return BY_NAME.get(name);
}

export const FILTER_NAMES: readonly string[] = DEFINITIONS.map((definition) => definition.name);

/** `args` is what follows the name in a call, `(find, with)`, or '' for filters without arguments. */
export function signature(definition: FilterDefinition): string {
  return definition.params.length === 0 ? '' : `(${definition.params.map((param) => param.name).join(', ')})`;
}

/** For the editor's completion. */
export const FILTERS: readonly { name: string; description: string; args: string }[] = Object.freeze(
  DEFINITIONS.map((definition) => Object.freeze({ name: definition.name, description: definition.description, args: signature(definition) })),
);

function toCount(value: unknown): number | undefined {
  const number = toNumber(value);
  return number !== null && Number.isInteger(number) && number >= 0 ? number : undefined;
}

// Characters are code points, so an emoji is never cut in half.

function truncate(source: string, max: number): string {
  if (codeUnitIndex(source, max) === source.length) return source;
  return max === 0 ? '' : `${source.slice(0, codeUnitIndex(source, max - 1))}…`;
}

/** The index just past the first `count` characters (the end when there are fewer). */
function codeUnitIndex(source: string, count: number): number {
  let index = 0;
  for (let seen = 0; seen < count && index < source.length; seen++) index += characterWidth(source, index);
  return index;
}

function countCharacters(source: string): number {
  let count = 0;
  for (let index = 0; index < source.length; index += characterWidth(source, index)) count++;
  return count;
}

function characterWidth(source: string, index: number): number {
  return (source.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
}

function lastCharacter(source: string): string {
  const low = source.charCodeAt(source.length - 1);
  const high = source.charCodeAt(source.length - 2);
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return source.slice(pair ? -2 : -1);
}
