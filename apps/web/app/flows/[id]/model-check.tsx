'use client';

import { useState, type JSX } from 'react';
import { z } from 'zod';
import { errorMessage, requestJson } from '../../http-client.ts';

const Checked = z.union([
  z.object({ ok: z.literal(true), models: z.array(z.string()), modelKnown: z.boolean().optional() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) }),
]);
type Checked = z.infer<typeof Checked>;

interface ModelCheckProps {
  nodeId: string;
  config: Record<string, unknown>;
  credentialId: string | undefined;
  /** Fills the node's model field with a listed model. */
  onPick: (model: string) => void;
}

/**
 * Asks the node's provider, with its credential, which models it offers: a wrong address, a refused
 * key or an unknown model shows here, in the same words a run would fail with, before publishing.
 */
export function ModelCheck({ nodeId, config, credentialId, onPick }: ModelCheckProps): JSX.Element {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: Checked } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const provider = typeof config.provider === 'string' ? config.provider : 'openai';
  const baseUrl = typeof config.baseUrl === 'string' && config.baseUrl.trim() !== '' && !config.baseUrl.includes('{{') ? config.baseUrl : undefined;
  const model = typeof config.model === 'string' && !config.model.includes('{{') ? config.model : undefined;
  const check = (): void => {
    setState({ kind: 'checking' });
    const body = { provider, ...(baseUrl === undefined ? {} : { baseUrl }), ...(model === undefined ? {} : { model }), ...(credentialId === undefined ? {} : { credentialId }) };
    requestJson('/api/v1/models/check', Checked, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (result) => {
        setState({ kind: 'done', result });
      },
      (error: unknown) => {
        setState({ kind: 'failed', message: errorMessage(error) });
      },
    );
  };
  const result = state.kind === 'done' ? state.result : undefined;
  return (
    <div className="sb-model-check" data-testid={`${nodeId}-model-check`}>
      <button type="button" onClick={check} disabled={state.kind === 'checking'}>
        {state.kind === 'checking' ? 'Checking…' : 'Check provider and list models'}
      </button>
      {state.kind === 'failed' && <p role="alert" className="error">Could not check: {state.message}</p>}
      {result?.ok === false && <p role="alert" className="error">{result.error.message}</p>}
      {result?.ok === true && (
        <>
          <p className={result.modelKnown === false ? 'error' : 'muted'} role="status">
            {result.modelKnown === false
              ? `The provider does not offer "${model ?? ''}": pick one of its ${result.models.length} models below, or check the name.`
              : `Reached ${provider}: ${result.models.length} models${result.modelKnown === true ? `, "${model ?? ''}" among them` : ''}.`}
          </p>
          {result.models.length > 0 && (
            <ul className="sb-model-list">
              {result.models.slice(0, 50).map((id) => (
                <li key={id}>
                  <button type="button" className="sb-link-button" onClick={() => { onPick(id); }}>{id}</button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
