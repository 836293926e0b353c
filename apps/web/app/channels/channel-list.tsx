'use client';

import { useState, type JSX } from 'react';
import { ConfirmDelete } from '../confirm-delete.tsx';
import { LoadError } from '../components/load-error.tsx';
import { deleteChannel, listChannels, type Channel, type ChannelList as Loaded } from './api.ts';
import { ChannelForm } from './channel-form.tsx';
import { ChannelRow } from './channel-row.tsx';
import { platformLabel } from './platforms.ts';
import { useRefreshing, type Refreshed } from './use-refreshing.ts';

/** Often enough that a lost connection shows within seconds; a list of channels is a small answer. */
const REFRESH_MS = 3000;

const platformList = new Intl.ListFormat('en', { type: 'disjunction' });

type Editing = { kind: 'new' } | { kind: 'edit'; channel: Channel } | null;

/** The channels page: every channel with its live status, a form to add or change one, test and delete. */
export function ChannelList(): JSX.Element {
  const { state, reload, retry } = useRefreshing(listChannels, REFRESH_MS);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const types = state.kind === 'ready' ? state.value.types : [];

  const changed = (message: string) => {
    setNotice(message);
    reload();
  };

  const confirmDelete = async (channel: Channel) => {
    await deleteChannel(channel.id);
    setDeleting(null);
    if (editing?.kind === 'edit' && editing.channel.id === channel.id) setEditing(null);
    changed(`Deleted “${channel.name}”.`);
  };

  return (
    <>
      <div className="list-actions">
        <button type="button" className="primary" aria-expanded={editing?.kind === 'new'} disabled={types.length === 0} onClick={() => { setNotice(null); setEditing(editing?.kind === 'new' ? null : { kind: 'new' }); }}>
          New channel
        </button>
      </div>
      {editing !== null && (
        <ChannelForm
          key={editing.kind === 'new' ? 'new' : editing.channel.id}
          types={types}
          {...(editing.kind === 'edit' ? { channel: editing.channel } : {})}
          onSaved={(saved) => { setEditing(null); changed(editing.kind === 'new' ? `Created “${saved.name}”.` : `Saved “${saved.name}”.`); }}
          onCancel={() => { setEditing(null); }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          what="channel"
          name={deleting.name}
          consequence={`The bot stops answering on ${platformLabel(deleting.type)}; the flow, its conversations and the credential stay.`}
          onConfirm={() => confirmDelete(deleting)}
          onCancel={() => { setDeleting(null); }}
        />
      )}
      {notice !== null && <p role="status" className="notice">{notice}</p>}
      <ListBody
        state={state}
        onRetry={retry}
        onEdit={(channel) => { setNotice(null); setEditing({ kind: 'edit', channel }); }}
        onDelete={(channel) => { setNotice(null); setDeleting(channel); }}
      />
    </>
  );
}

interface BodyProps {
  state: Refreshed<Loaded>;
  onRetry: () => void;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}

function ListBody({ state, onRetry, onEdit, onDelete }: BodyProps): JSX.Element {
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading channels…</p>;
    case 'error':
      return <LoadError what="channels" message={state.message} onRetry={onRetry} />;
    case 'ready': {
      const now = new Date();
      const { items } = state.value;
      return (
        <>
          {state.refreshError !== null && <p role="alert" className="error">Could not refresh the status ({state.refreshError}); trying again every few seconds.</p>}
          {items.length === 0 ? (
            <p>
              No channels yet. A channel connects a flow to a platform ({platformList.format(state.value.types.map((entry) => platformLabel(entry.type)))}): create one with
              “New channel”, bind it to a published flow that starts with the platform&apos;s trigger, and give it the credential the platform needs.
            </p>
          ) : (
            <table className="flow-table channel-table" aria-label="Channels">
              <thead>
                <tr><th>Name</th><th>Platform</th><th>Flow</th><th>Status</th><th>Last event</th><th>Last error</th><th><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {items.map((channel) => <ChannelRow key={channel.id} channel={channel} now={now} onEdit={onEdit} onDelete={onDelete} />)}
              </tbody>
            </table>
          )}
        </>
      );
    }
  }
}
