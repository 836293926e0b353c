'use client';

import { credentialTypes, findCredentialType } from '@switchboard/nodes/definitions';
import { useId, useMemo, useState, type SyntheticEvent, type JSX } from 'react';
import { describeFields } from '../../src/forms/zod-fields.ts';
import { createCredential, errorMessage, type Credential } from './api.ts';
import './credential-form.css';

interface CredentialFormProps {
  /** Fixed when the editor asks for a credential of the type a node needs; else the user picks one. */
  type?: string;
  onCreated: (credential: Credential) => void;
  onCancel: () => void;
}

/** A new credential: a name, its type, and the type's secret fields as password boxes. Secrets go to the server once. */
export function CredentialForm({ type: fixedType, onCreated, onCancel }: CredentialFormProps): JSX.Element {
  const formId = useId();
  const [type, setType] = useState(fixedType ?? credentialTypes[0]?.type ?? '');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = useMemo(() => {
    const declared = findCredentialType(type);
    return declared ? describeFields(declared.secrets) : [];
  }, [type]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    createCredential({ name, type, secret }).then(
      (created) => { setSecret({}); onCreated(created); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  return (
    <form className="credential-form" aria-label="New credential" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${formId}-name`}>Name</label>
        <input id={`${formId}-name`} value={name} required maxLength={200} onChange={(event) => { setName(event.target.value); }} placeholder="e.g. OpenAI production key" />
      </div>
      {fixedType === undefined ? (
        <div className="field">
          <label htmlFor={`${formId}-type`}>Type</label>
          <select id={`${formId}-type`} value={type} onChange={(event) => { setType(event.target.value); setSecret({}); }}>
            {credentialTypes.map((entry) => <option key={entry.type} value={entry.type}>{entry.type}</option>)}
          </select>
        </div>
      ) : (
        <p className="muted">Type: <code>{fixedType}</code></p>
      )}
      {fields.map((field) => (
        <div className="field" key={field.key}>
          <label htmlFor={`${formId}-${field.key}`}>{field.label}</label>
          <input
            id={`${formId}-${field.key}`}
            type="password"
            autoComplete="off"
            required={field.required}
            value={secret[field.key] ?? ''}
            aria-describedby={field.description === undefined ? undefined : `${formId}-${field.key}-help`}
            onChange={(event) => { setSecret({ ...secret, [field.key]: event.target.value }); }}
          />
          {field.description !== undefined && <span id={`${formId}-${field.key}-help`} className="muted">{field.description}</span>}
        </div>
      ))}
      {error !== null && <p role="alert" className="error">Could not create the credential: {error}</p>}
      <div className="list-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save credential'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}
