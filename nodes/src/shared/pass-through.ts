/** The value on input `in`, for nodes that act on the conversation and hand their input on unchanged; null without one. */
export function passThrough(inputs: Readonly<Record<string, unknown>>): unknown {
  return 'in' in inputs ? inputs.in : null;
}
