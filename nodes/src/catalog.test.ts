import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeDefinitions, nodeRegistry } from './definitions.ts';
import { findImplementation, nodeImplementations } from './server.ts';

// Folders under src/ that hold helpers rather than a family of nodes.
const NOT_FAMILIES = new Set(['shared', 'testing']);
const src = new URL('./', import.meta.url);

function subfolders(url: URL): string[] {
  return readdirSync(url, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

describe('the node catalog', () => {
  it('lists every node folder, as <family>/<name> for type <family>.<name>', () => {
    const folders = subfolders(src)
      .filter((family) => !NOT_FAMILIES.has(family))
      .flatMap((family) => subfolders(new URL(`${family}/`, src)).map((name) => `${family}.${name}`));
    expect(nodeDefinitions.map((definition) => definition.type).sort()).toEqual(folders.sort());
  });

  it('has exactly one implementation per definition, and no other', () => {
    expect(nodeImplementations.map((implementation) => implementation.definition)).toEqual(nodeDefinitions);
    for (const definition of nodeDefinitions) {
      expect(findImplementation(definition.type, definition.version)?.definition).toBe(definition);
    }
    expect(new Set(nodeImplementations).size).toBe(nodeImplementations.length);
  });

  it('registers each type and version once', () => {
    for (const definition of nodeDefinitions) expect(nodeRegistry.get(definition.type, definition.version)).toBe(definition);
    expect(findImplementation('logic.condition', 99)).toBeUndefined();
  });

  it('types every port and names the loop and trigger ports it declares', () => {
    for (const definition of nodeDefinitions) {
      const { inputs, outputs, loop } = definition;
      expect(Object.values({ ...inputs, ...outputs }).every((port) => typeof port.type === 'string'), definition.type).toBe(true);
      if (loop) {
        expect(outputs[loop.itemPort], definition.type).toBeDefined();
        expect(inputs[loop.returnPort], definition.type).toBeDefined();
      }
      expect(definition.kind === 'trigger', definition.type).toBe(definition.trigger !== undefined);
    }
  });
});
