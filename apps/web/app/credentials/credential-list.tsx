'use client';

import { useState, type JSX } from 'react';
import { LoadError } from '../components/load-error.tsx';
import { useLoaded, type Loaded } from '../use-loaded.ts';
import { listCredentials, type Credential } from './api.ts';
import { ConfirmDeleteCredential } from './confirm-delete-credential.tsx';
import { CredentialForm } from './credential-form.tsx';

/** The credentials page: the stored credentials (never their secrets), a form for a new one, and delete. */
export function CredentialList(): JSX.Element {
  const { state, retry } = useLoaded(() => listCredentials(), []);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Credential | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <div className="list-actions">
        <button type="button" className="primary" aria-expanded={creating} onClick={() => { setCreating((open) => !open); setNotice(null); }}>New credential</button>
      </div>
      {creating && (
        <div className="panel">
          <h2>New credential</h2>
          <CredentialForm
            onCreated={(created) => { setCreating(false); setNotice(`Saved “${created.name}”.`); retry(); }}
            onCancel={() => { setCreating(false); }}
          />
        </div>
      )}
      {deleting && (
        <ConfirmDeleteCredential
          credential={deleting}
          onDeleted={() => { setNotice(`Deleted “${deleting.name}”.`); setDeleting(null); retry(); }}
          onCancel={() => { setDeleting(null); }}
        />
      )}
      {notice !== null && <p role="status" className="notice">{notice}</p>}
      <ListBody state={state} onRetry={retry} onDelete={(credential) => { setNotice(null); setDeleting(credential); }} />
    </>
  );
}

function ListBody({ state, onRetry, onDelete }: { state: Loaded<Credential[]>; onRetry: () => void; onDelete: (credential: Credential) => void }): JSX.Element {
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading credentials…</p>;
    case 'missing':
    case 'error':
      return <LoadError what="credentials" message={state.kind === 'error' ? state.message : 'the server has no credentials API'} onRetry={onRetry} />;
    case 'ready':
      return state.value.length === 0 ? (
        <p>No credentials yet. Add one with “New credential”, then choose it in the settings of a node that needs it (a chat model, for example).</p>
      ) : (
        <table className="flow-table" aria-label="Credentials">
          <thead>
            <tr><th>Name</th><th>Type</th><th>Created</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {state.value.map((credential) => (
              <tr key={credential.id}>
                <td>{credential.name}</td>
                <td><code>{credential.type}</code></td>
                <td><time dateTime={credential.createdAt}>{new Date(credential.createdAt).toLocaleString()}</time></td>
                <td className="row-actions">
                  <button type="button" className="danger" aria-label={`Delete ${credential.name}`} onClick={() => { onDelete(credential); }}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}
