'use client';

import { useState, type JSX } from 'react';
import { deleteCredential, errorMessage, type Credential, type CredentialUsers } from './api.ts';

/**
 * Deleting asks first; a credential that flows still use is refused by the server, and the dialog then
 * lists those flows and offers to delete it anyway.
 */
export function ConfirmDeleteCredential({ credential, onDeleted, onCancel }: { credential: Credential; onDeleted: () => void; onCancel: () => void }): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<CredentialUsers | null>(null);
  const remove = (force: boolean) => {
    setBusy(true);
    setError(null);
    deleteCredential(credential.id, force).then(
      (result) => {
        if (result.ok) { onDeleted(); return; }
        setBusy(false);
        setUsers(result.users);
      },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };
  return (
    <div role="alertdialog" aria-label="Delete credential" aria-describedby="credential-delete-warning" className="panel">
      <p id="credential-delete-warning">
        Delete <strong>{credential.name}</strong>? Its secret is erased and cannot be recovered.
      </p>
      {users !== null && (
        <div role="alert">
          <p className="error">It is still used by {users.length === 1 ? 'this flow' : 'these flows'}:</p>
          <ul>
            {users.map((user) => (
              <li key={user.flowId}>
                <a href={`/flows/${user.flowId}`}>{user.flowName}</a> <span className="muted">({user.in.join(' and ')})</span>
              </li>
            ))}
          </ul>
          <p className="muted">Deleted anyway, their nodes lose the credential: the draft shows a problem and the published version stops running until it is republished with another one.</p>
        </div>
      )}
      {error !== null && <p role="alert" className="error">Could not delete the credential: {error}</p>}
      <div className="list-actions">
        {users === null ? (
          <button type="button" className="danger" onClick={() => { remove(false); }} disabled={busy} autoFocus>{busy ? 'Deleting…' : 'Delete'}</button>
        ) : (
          <button type="button" className="danger" onClick={() => { remove(true); }} disabled={busy} autoFocus>{busy ? 'Deleting…' : 'Delete anyway'}</button>
        )}
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </div>
  );
}
