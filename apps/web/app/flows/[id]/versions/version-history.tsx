'use client';

import { useState } from 'react';
import { useLoaded } from '../../../use-loaded.ts';
import { errorMessage } from '../api.ts';
import { fetchHistory, restoreVersion, type History } from './api.ts';
import { Compare } from './compare.tsx';
import { versionsStyles } from './versions-styles.ts';
import { FlowLoadState } from '../flow-load-state.tsx';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A flow's published versions and its draft: compare any two, restore an old one into the draft. */
export function VersionHistory({ flowId, selected }: { flowId: string; selected?: number | undefined }) {
  const { state, retry, replace } = useLoaded(() => fetchHistory(flowId), [flowId]);

  if (state.kind !== 'ready') return <FlowLoadState state={state} flowId={flowId} what="versions" retry={retry} />;
  return <Versions history={state.value} onRestored={replace} selected={selected} />;
}

type Restore = { kind: 'idle' } | { kind: 'confirming'; version: number } | { kind: 'restoring'; version: number } | { kind: 'restored'; version: number } | { kind: 'failed'; version: number; message: string };

function Versions({ history, onRestored, selected }: { history: History; onRestored: (history: History) => void; selected: number | undefined }) {
  const [restore, setRestore] = useState<Restore>({ kind: 'idle' });
  const editor = `/flows/${encodeURIComponent(history.id)}`;
  const newestFirst = history.versions.toReversed();

  const confirm = (version: number) => {
    setRestore({ kind: 'restoring', version });
    restoreVersion(history.id, version)
      .then(() => fetchHistory(history.id))
      .then(
        (fresh) => {
          onRestored(fresh);
          setRestore({ kind: 'restored', version });
        },
        (error: unknown) => { setRestore({ kind: 'failed', version, message: errorMessage(error) }); },
      );
  };

  return (
    <>
      <style>{versionsStyles}</style>
      <p><a href={editor}>← Back to the editor</a></p>
      <h1>Versions of {history.name}</h1>
      <p role="status" aria-label="Restore status">
        {restore.kind === 'restored' && (
          <>Version {restore.version} was restored into the draft. <a href={editor}>Open the editor</a> to check it, then publish it to make it live.</>
        )}
        {restore.kind === 'failed' && <span className="error">Could not restore version {restore.version}: {restore.message}</span>}
      </p>
      <table aria-label="Version history">
        <thead>
          <tr><th>Version</th><th>Saved</th><th /></tr>
        </thead>
        <tbody>
          <tr>
            <td>Draft<span className="badge">editing</span></td>
            <td>{timeFormat.format(new Date(history.updatedAt))}</td>
            <td><a href={editor}>Edit</a></td>
          </tr>
          {newestFirst.map((entry) => (
            <tr key={entry.id} aria-current={entry.version === selected ? 'true' : undefined} style={entry.version === selected ? { background: '#2563eb22' } : undefined}>
              <td>
                Version {entry.version}
                {entry.version === history.publishedVersion && <span className="badge badge-live">live</span>}
              </td>
              <td>{timeFormat.format(new Date(entry.createdAt))}</td>
              <td>
                {restore.kind === 'confirming' && restore.version === entry.version ? (
                  <span className="confirm" role="group" aria-label={`Restore version ${entry.version}?`}>
                    Replace the draft with version {entry.version}?
                    <button type="button" onClick={() => { confirm(entry.version); }}>Yes, restore</button>
                    <button type="button" onClick={() => { setRestore({ kind: 'idle' }); }}>Cancel</button>
                  </span>
                ) : (
                  <button
                    type="button"
                    aria-label={`Restore version ${entry.version} into the draft`}
                    disabled={restore.kind === 'restoring'}
                    onClick={() => { setRestore({ kind: 'confirming', version: entry.version }); }}
                  >
                    {restore.kind === 'restoring' && restore.version === entry.version ? 'Restoring…' : 'Restore into the draft'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {newestFirst.length === 0 ? (
        <p className="muted">Nothing published yet: publish the flow in the editor and each version will be listed here.</p>
      ) : (
        <Compare flowId={history.id} history={history} />
      )}
    </>
  );
}
