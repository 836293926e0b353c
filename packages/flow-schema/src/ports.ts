/** The kinds of value that travel along edges. `any` connects to everything. */
export const PORT_TYPES = ['any', 'text', 'number', 'boolean', 'object', 'list', 'message'] as const;
export type PortType = (typeof PORT_TYPES)[number];

export interface PortSpec {
  type: PortType;
  label?: string;
  description?: string;
  /** Input ports only: the flow does not compile while a required input is unconnected. */
  required?: boolean;
}

/** Whether an output of type `from` may feed an input of type `to`. */
export function canConnect(from: PortType, to: PortType): boolean {
  if (from === 'any' || to === 'any' || from === to) return true;
  // Anything can be rendered as text.
  if (to === 'text') return from === 'number' || from === 'boolean' || from === 'message';
  return false;
}

/** Every node may wire this output; when it is connected, failures flow there instead of failing the run. */
export const ERROR_PORT = 'error';
