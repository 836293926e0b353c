'use client';

import { useState } from 'react';
import { duplicateFlow, errorMessage, exportUrl, renameFlow, type FlowSummary } from './flow-admin-api.ts';
import { relativeTime } from './relative-time.ts';

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface Props {
  flow: FlowSummary;
  /** Something changed on the server: the list reloads and shows the message. */
  onChanged: (message: string) => void;
  onDelete: (flow: FlowSummary) => void;
  onSaveAsTemplate: (flow: FlowSummary) => void;
}

function channelsText(channels: FlowSummary['channels']): string {
  return channels.length === 0 ? 'no channels' : channels.map((channel) => `${channel.name} (${channel.type})`).join(', ');
}

export function FlowRow({ flow, onChanged, onDelete, onSaveAsTemplate }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(flow.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = (work: Promise<string>) => {
    setBusy(true);
    setError(null);
    work.then(
      (message) => { setBusy(false); setRenaming(false); onChanged(message); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  const startRename = () => {
    setNewName(flow.name);
    setRenaming(true);
  };

  const submitRename = () => {
    const name = newName.trim();
    if (name === '' || name === flow.name) { setRenaming(false); return; }
    run(renameFlow(flow.id, name).then(() => `Renamed “${flow.name}” to “${name}”.`));
  };

  return (
    <tr data-flow-id={flow.id}>
      <td>
        {renaming ? (
          <form className="rename" onSubmit={(event) => { event.preventDefault(); submitRename(); }} onKeyDown={(event) => { if (event.key === 'Escape') setRenaming(false); }}>
            <input name="name" aria-label="Flow name" value={newName} onChange={(event) => { setNewName(event.currentTarget.value); }} maxLength={200} required autoFocus disabled={busy} />
            <button type="submit" disabled={busy}>Save</button>
            <button type="button" onClick={() => { setRenaming(false); }} disabled={busy}>Cancel</button>
          </form>
        ) : (
          <a href={`/flows/${flow.id}`}>{flow.name}</a>
        )}
        {error !== null && <p role="alert" className="error">{error}</p>}
      </td>
      <td>{flow.publishedVersion === null ? <span className="muted">not published</span> : `v${flow.publishedVersion}`}</td>
      <td>{flow.channels.length === 0 ? <span className="muted nowrap">{channelsText(flow.channels)}</span> : channelsText(flow.channels)}</td>
      <td>
        {flow.lastRun === null ? (
          <span className="muted nowrap">never run</span>
        ) : (
          <span className={flow.lastRun.status === 'failed' ? 'error' : undefined} title={updatedFormat.format(new Date(flow.lastRun.startedAt))}>
            {flow.lastRun.status} {relativeTime(new Date(flow.lastRun.startedAt), new Date())}
          </span>
        )}
      </td>
      <td>{updatedFormat.format(new Date(flow.updatedAt))}</td>
      <td className="row-actions">
        <button type="button" onClick={startRename} disabled={busy || renaming} title={`Rename ${flow.name}`}>Rename</button>
        <button type="button" onClick={() => { run(duplicateFlow(flow.id).then(() => `Duplicated “${flow.name}”.`)); }} disabled={busy} title={`Duplicate ${flow.name}`}>
          Duplicate
        </button>
        <a href={exportUrl(flow.id)} download title={`Export ${flow.name}`}>Export</a>
        <button type="button" onClick={() => { onSaveAsTemplate(flow); }} disabled={busy} title={`Save ${flow.name} as a template`}>Save as template</button>
        <button type="button" className="danger" onClick={() => { onDelete(flow); }} disabled={busy} title={`Delete ${flow.name}`}>Delete</button>
      </td>
    </tr>
  );
}
