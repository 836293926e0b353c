import { describe, expect, it } from 'vitest';
import { nodeDefinitions } from '../definitions.ts';
import { credentialTypes, findCredentialType } from './credential-types.ts';

describe('credential types', () => {
  it('describes every credential type a node declares', () => {
    const declared = nodeDefinitions.flatMap((definition) => (definition.credential ? [definition.credential.type] : []));
    expect(declared.length).toBeGreaterThan(0);
    for (const type of declared) expect(findCredentialType(type), `credential type ${type}`).toBeDefined();
  });

  it('names each type once and gives it at least one secret field', () => {
    const names = credentialTypes.map((entry) => entry.type);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of credentialTypes) expect(Object.keys(entry.secrets.shape).length).toBeGreaterThan(0);
  });
});
