import { ERROR_PORT, type FlowNode, type NodeDefinition, type PortSpec, type PortType } from '@switchboard/flow-schema';

export interface Ports {
  inputs: Record<string, PortSpec>;
  outputs: Record<string, PortSpec>;
}

/** A node's ports as the compiler sees them: config-dependent outputs, plus the error output every node has. */
export function portsOf(definition: NodeDefinition, config: FlowNode['config']): Ports {
  let outputs = definition.outputs;
  if (definition.outputsFor) {
    const parsed = definition.config.safeParse(config);
    if (parsed.success) outputs = definition.outputsFor(parsed.data);
  }
  return { inputs: definition.inputs, outputs: { ...outputs, [ERROR_PORT]: { type: 'object', description: 'Where failures go when connected.' } } };
}

export function outputType(ports: Ports, port: string | null | undefined): PortType | undefined {
  return port ? ports.outputs[port]?.type : undefined;
}

export function inputType(ports: Ports, port: string | null | undefined): PortType | undefined {
  return port ? ports.inputs[port]?.type : undefined;
}
