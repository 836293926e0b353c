'use client';

import { useState } from 'react';
import { errorMessage, type FlowSummary } from './flow-admin-api.ts';

/** Deleting cannot be undone and takes the flow's conversations along: the user confirms by name. */
export function ConfirmDelete({ flow, onConfirm, onCancel }: { flow: FlowSummary; onConfirm: () => Promise<void>; onCancel: () => void }) {
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
    <div role="alertdialog" aria-label="Delete flow" aria-describedby="delete-warning" className="panel">
      <p id="delete-warning">
        Delete <strong>{flow.name}</strong>? Its versions, conversations and runs are deleted too. This cannot be undone.
      </p>
      {error !== null && <p role="alert" className="error">Could not delete the flow: {error}</p>}
      <div className="list-actions">
        <button type="button" className="danger" onClick={confirm} disabled={busy} autoFocus>{busy ? 'Deleting…' : 'Delete'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </div>
  );
}
