'use client';

import { useState, type JSX } from 'react';
import { listCredentials } from '../credentials/api.ts';
import { CredentialForm } from '../credentials/credential-form.tsx';
import { useLoaded } from '../use-loaded.ts';

interface Props {
  /** The channel form's id: this select belongs to it though the inline credential form sits beside it. */
  form: string;
  id: string;
  /** The credential type the channel's platform needs. */
  type: string;
  value: string;
  onChange: (credentialId: string) => void;
}

/** Picks a stored credential of the platform's type, or creates one inline (its own form) and picks it. */
export function CredentialField({ form, id, type, value, onChange }: Props): JSX.Element {
  const { state, retry } = useLoaded(() => listCredentials(type), [type]);
  const [creating, setCreating] = useState(false);
  const credentials = state.kind === 'ready' ? state.value : [];
  const unknown = value !== '' && state.kind === 'ready' && !credentials.some((credential) => credential.id === value);
  return (
    <div className="field">
      <label htmlFor={id}>Credential</label>
      <select id={id} form={form} value={value} disabled={state.kind !== 'ready'} onChange={(event) => { onChange(event.target.value); }}>
        <option value="">{state.kind === 'loading' ? 'Loading credentials…' : 'None: the channel cannot start'}</option>
        {unknown && <option value={value}>Missing credential ({value})</option>}
        {credentials.map((credential) => <option key={credential.id} value={credential.id}>{credential.name}</option>)}
      </select>
      <span className="muted">
        {state.kind === 'ready' && credentials.length === 0 && `No ${type} credentials yet: create one here. `}
        Type <code>{type}</code>. <a href="/credentials">Manage credentials</a>
      </span>
      {(state.kind === 'error' || state.kind === 'missing') && (
        <p role="alert" className="error">
          Could not load the credentials{state.kind === 'error' ? `: ${state.message}` : ''}. <button type="button" onClick={retry}>Try again</button>
        </p>
      )}
      {creating ? (
        <div className="inline-credential">
          <CredentialForm
            type={type}
            onCreated={(created) => { setCreating(false); onChange(created.id); retry(); }}
            onCancel={() => { setCreating(false); }}
          />
        </div>
      ) : (
        <button type="button" className="align-start" onClick={() => { setCreating(true); }}>New credential…</button>
      )}
    </div>
  );
}
