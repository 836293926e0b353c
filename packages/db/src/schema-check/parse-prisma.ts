/**
 * A small parser for the subset of the Prisma schema language this project uses: models, scalar
 * and relation fields, their attributes, and block attributes. Anything else (enums, views,
 * composite types) throws, so the schema check can never silently skip part of the schema.
 */

export type AttrValue = string | number | boolean | { call: string; args: AttrArg[] } | AttrValue[];
export interface AttrArg {
  name: string | null;
  value: AttrValue;
}
export interface Attribute {
  /** Without the leading @ or @@, e.g. "map", "db.Uuid", "relation", "index". */
  name: string;
  args: AttrArg[];
}
export interface PrismaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: Attribute[];
}
export interface PrismaModel {
  name: string;
  fields: PrismaField[];
  attributes: Attribute[];
}

export function parsePrismaSchema(source: string): PrismaModel[] {
  const lines = source.split('\n').map(stripComment).map((line) => line.trim());
  const models: PrismaModel[] = [];
  let current: PrismaModel | null = null;
  let skipping: string | null = null;
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const where = `schema.prisma line ${index + 1}`;
    if (skipping !== null) {
      if (line === '}') skipping = null;
      continue;
    }
    if (current === null) {
      const block = /^(\w+)\s+(\w+)\s*\{$/.exec(line);
      if (block === null) throw new Error(`${where}: expected a block, got "${line}"`);
      const [, kind = '', name = ''] = block;
      if (kind === 'model') current = { name, fields: [], attributes: [] };
      else if (kind === 'generator' || kind === 'datasource') skipping = kind;
      else throw new Error(`${where}: the schema check does not understand "${kind}" blocks yet; extend packages/db/src/schema-check.`);
      continue;
    }
    if (line === '}') {
      models.push(current);
      current = null;
    } else if (line.startsWith('@@')) {
      current.attributes.push(...parseAttributes(line, where));
    } else {
      current.fields.push(parseField(line, where));
    }
  }
  if (current !== null) throw new Error(`schema.prisma: model ${current.name} is not closed`);
  return models;
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' && line[i - 1] !== '\\') inString = !inString;
    if (!inString && char === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

function parseField(line: string, where: string): PrismaField {
  const match = /^(\w+)\s+(\w+(?:\("[^"]*"\))?)(\[\])?(\?)?\s*(.*)$/.exec(line);
  if (match === null) throw new Error(`${where}: cannot parse field "${line}"`);
  const [, name = '', type = '', list, optional, rest = ''] = match;
  return { name, type, list: list !== undefined, optional: optional !== undefined, attributes: parseAttributes(rest, where) };
}

/** Parses `@a @b.c(x, y: [1, 2]) @@d(...)` into attributes. */
function parseAttributes(text: string, where: string): Attribute[] {
  const reader = new Reader(text, where);
  const attributes: Attribute[] = [];
  reader.skipSpace();
  while (!reader.done()) {
    reader.expect('@');
    if (reader.peek() === '@') reader.expect('@');
    const name = reader.identifier();
    const args = reader.peek() === '(' ? reader.argumentList() : [];
    attributes.push({ name, args });
    reader.skipSpace();
  }
  return attributes;
}

class Reader {
  private pos = 0;
  private readonly text: string;
  private readonly where: string;
  constructor(text: string, where: string) {
    this.text = text;
    this.where = where;
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }
  expect(char: string): void {
    if (this.peek() !== char) throw new Error(`${this.where}: expected "${char}" at "${this.text.slice(this.pos)}"`);
    this.pos++;
  }
  identifier(): string {
    const match = /^[A-Za-z_][\w.]*/.exec(this.text.slice(this.pos));
    if (match === null) throw new Error(`${this.where}: expected a name at "${this.text.slice(this.pos)}"`);
    this.pos += match[0].length;
    return match[0];
  }
  argumentList(): AttrArg[] {
    const args: AttrArg[] = [];
    this.expect('(');
    this.skipSpace();
    while (this.peek() !== ')') {
      const named = /^(\w+)\s*:/.exec(this.text.slice(this.pos));
      if (named !== null) this.pos += named[0].length;
      this.skipSpace();
      args.push({ name: named?.[1] ?? null, value: this.value() });
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      this.skipSpace();
    }
    this.expect(')');
    return args;
  }
  value(): AttrValue {
    const char = this.peek();
    if (char === '"') return this.string();
    if (char === '[') {
      this.expect('[');
      const items: AttrValue[] = [];
      this.skipSpace();
      while (this.peek() !== ']') {
        items.push(this.value());
        this.skipSpace();
        if (this.peek() === ',') this.pos++;
        this.skipSpace();
      }
      this.expect(']');
      return items;
    }
    const number = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.pos));
    if (number !== null) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const name = this.identifier();
    if (name === 'true' || name === 'false') return name === 'true';
    if (this.peek() === '(') return { call: name, args: this.argumentList() };
    return name;
  }
  string(): string {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.pos));
    if (match === null) throw new Error(`${this.where}: unterminated string`);
    this.pos += match[0].length;
    return (match[1] ?? '').replace(/\\(.)/g, '$1');
  }
}
