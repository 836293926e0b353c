'use client';

import { useState } from 'react';
import { errorMessage, saveAsTemplate, type FlowSummary } from './flow-admin-api.ts';

/** Asks for the template's name and description, then saves the flow's draft as a template for this server. */
export function SaveTemplateDialog({ flow, onSaved, onCancel }: { flow: FlowSummary; onSaved: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(flow.name);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    const trimmed = name.trim();
    if (trimmed === '') { setError('Give the template a name.'); return; }
    setBusy(true);
    setError(null);
    saveAsTemplate(flow.id, trimmed, description).then(
      (template) => { onSaved(template.name); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  return (
    <form
      role="dialog"
      aria-label="Save as template"
      className="panel"
      onSubmit={(event) => { event.preventDefault(); save(); }}
      onKeyDown={(event) => { if (event.key === 'Escape' && !busy) onCancel(); }}
    >
      <h2>Save “{flow.name}” as a template</h2>
      <p className="muted">The template keeps a copy of the draft as it is now, without credentials; everyone on this server can start a flow from it.</p>
      <label className="field">
        Name
        <input value={name} onChange={(event) => { setName(event.currentTarget.value); }} maxLength={200} required autoFocus disabled={busy} />
      </label>
      <label className="field">
        Description (optional)
        <textarea value={description} onChange={(event) => { setDescription(event.currentTarget.value); }} maxLength={2000} rows={3} disabled={busy} />
      </label>
      {error !== null && <p role="alert" className="error">Could not save the template: {error}</p>}
      <div className="list-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save template'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}
