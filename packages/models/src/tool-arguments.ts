/** A tool call's arguments as JSON text, parsed; the raw text when the model sent malformed JSON. */
export function parseToolArguments(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed;
  } catch {
    return raw;
  }
}

/** The arguments as JSON text again, for a request that replays the call (a malformed string as it came). */
export function stringifyToolArguments(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? {});
}
