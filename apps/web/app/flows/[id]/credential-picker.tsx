'use client';

import { useState, type JSX } from 'react';
import { CredentialForm } from '../../credentials/credential-form.tsx';
import { listCredentials } from '../../credentials/api.ts';
import { useLoaded } from '../../use-loaded.ts';

interface CredentialPickerProps {
  nodeId: string;
  /** The credential type the node's definition declares. */
  type: string;
  optional: boolean;
  value: string | undefined;
  onChange: (credentialId: string | undefined) => void;
  /** The compiler's problems about this node's credential (none chosen, or one that no longer exists). */
  problems: readonly string[];
}

/** Chooses the stored credential of a node (its `credentialId`), or creates one inline and chooses it. */
export function CredentialPicker({ nodeId, type, optional, value, onChange, problems }: CredentialPickerProps): JSX.Element {
  const { state, retry } = useLoaded(() => listCredentials(type), [type]);
  const [creating, setCreating] = useState(false);
  const id = `${nodeId}-credential`;
  const problemsId = `${id}-problems`;
  const credentials = state.kind === 'ready' ? state.value : [];
  const unknown = value !== undefined && state.kind === 'ready' && !credentials.some((credential) => credential.id === value);
  // Live validation does not know the stored credentials (publish does): a deleted one is caught here.
  const shown = unknown && problems.length === 0 ? [`credential ${value} no longer exists (or is not of type ${type}); choose another`] : problems;
  return (
    <div className="sb-credential">
      <div className="zod-form-field">
        <label htmlFor={id}>Credential{!optional && <span className="zod-form-required" title="required"> *</span>}</label>
        <select
          id={id}
          value={value ?? ''}
          disabled={state.kind !== 'ready'}
          aria-invalid={shown.length > 0 || undefined}
          aria-describedby={shown.length > 0 ? problemsId : undefined}
          onChange={(event) => { onChange(event.target.value === '' ? undefined : event.target.value); }}
        >
          <option value="">{optional ? 'None' : 'Choose a credential…'}</option>
          {unknown && <option value={value}>Missing credential ({value})</option>}
          {credentials.map((credential) => <option key={credential.id} value={credential.id}>{credential.name}</option>)}
        </select>
        <p className="zod-form-help">
          {state.kind === 'loading' && 'Loading credentials… '}
          {state.kind === 'ready' && credentials.length === 0 && `No ${type} credentials yet. `}
          Type <code>{type}</code>{optional ? ', optional.' : '.'} <a href="/credentials">Manage credentials</a>
        </p>
        {(state.kind === 'error' || state.kind === 'missing') && (
          <p role="alert" className="error">
            Could not load the credentials{state.kind === 'error' ? `: ${state.message}` : ''}. <button type="button" onClick={retry}>Try again</button>
          </p>
        )}
        {shown.length > 0 && (
          <ul id={problemsId} className="zod-form-field-problems">
            {shown.map((problem, index) => <li key={index}>{problem}</li>)}
          </ul>
        )}
      </div>
      {creating ? (
        <div className="sb-credential-new">
          <CredentialForm
            type={type}
            onCreated={(created) => { setCreating(false); onChange(created.id); retry(); }}
            onCancel={() => { setCreating(false); }}
          />
        </div>
      ) : (
        <button type="button" onClick={() => { setCreating(true); }}>New credential…</button>
      )}
    </div>
  );
}
