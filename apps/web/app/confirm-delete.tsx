'use client';

import { useState } from 'react';
import { errorMessage } from './flow-admin-api.ts';

interface Props {
  /** What is deleted, for the dialog's name and messages: "flow", "template". */
  what: string;
  name: string;
  /** What else goes, or why it matters, in one sentence. */
  consequence: string;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}

/** Deleting cannot be undone: the user confirms in a dialog that names the thing and what goes with it. */
export function ConfirmDelete({ what, name, consequence, onConfirm, onCancel }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setBusy(true);
    onConfirm().catch((failure: unknown) => {
      setBusy(false);
      setError(errorMessage(failure));
    });
  };
  return (
    <div role="alertdialog" aria-label={`Delete ${what}`} aria-describedby="delete-warning" className="panel">
      <p id="delete-warning">
        Delete <strong>{name}</strong>? {consequence} This cannot be undone.
      </p>
      {error !== null && <p role="alert" className="error">Could not delete the {what}: {error}</p>}
      <div className="list-actions">
        <button type="button" className="danger" onClick={confirm} disabled={busy} autoFocus>{busy ? 'Deleting…' : 'Delete'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </div>
  );
}
