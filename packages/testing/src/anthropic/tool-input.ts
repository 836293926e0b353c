import { z } from 'zod';

const propertySchema = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
});

const objectSchema = z.looseObject({
  properties: z.record(z.string(), propertySchema).optional(),
  required: z.array(z.string()).optional(),
});

/**
 * The input of a tool_use the fake invents when tool_choice forces a tool: the schema's required
 * properties only, each its `default`, else its first `enum` value, else a placeholder for its type
 * (string: the property's name, number/integer: 0, boolean: false, array: [], object: built the same
 * way from its own schema, anything else: null). Deterministic, so tests can assert on it.
 */
export function placeholderInput(inputSchema: unknown): Record<string, unknown> {
  const parsed = objectSchema.safeParse(inputSchema);
  if (!parsed.success) return {};
  const properties = parsed.data.properties ?? {};
  const entries = (parsed.data.required ?? []).map((name): [string, unknown] => {
    const property = properties[name];
    return [name, property === undefined ? null : placeholderValue(name, property)];
  });
  return Object.fromEntries(entries);
}

const placeholders: Partial<Record<string, unknown>> = { number: 0, integer: 0, boolean: false };

function placeholderValue(name: string, property: z.infer<typeof propertySchema>): unknown {
  if (property.default !== undefined) return property.default;
  if (property.enum !== undefined && property.enum.length > 0) return property.enum[0];
  const type = Array.isArray(property.type) ? property.type.find((candidate) => candidate !== 'null') : property.type;
  if (type === 'string') return name;
  if (type === 'array') return [];
  if (type === 'object') return placeholderInput(property);
  return type === undefined ? null : (placeholders[type] ?? null);
}
