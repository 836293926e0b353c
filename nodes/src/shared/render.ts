/** How a value reads as text, wherever a node needs text: in config fields and when it sends an input. */
export function renderText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return '';
  // A message port may feed a text port (ports.ts canConnect): it reads as the message's text.
  if (isMessageLike(value)) return value.text;
  return toJson(value);
}

function isMessageLike(value: object): value is { text: string } {
  return 'text' in value && typeof value.text === 'string' && 'channel' in value && typeof value.channel === 'string';
}

function toJson(value: object): string {
  try {
    // JSON.stringify returns undefined for functions, despite its declared type.
    const json: unknown = JSON.stringify(value);
    return typeof json === 'string' ? json : '';
  } catch {
    return ''; // cyclic or holds a bigint
  }
}
