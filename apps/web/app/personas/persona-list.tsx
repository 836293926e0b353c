'use client';

import { useState, type JSX } from 'react';
import { LoadError } from '../components/load-error.tsx';
import { ConfirmDelete } from '../confirm-delete.tsx';
import { useLoaded, type Loaded } from '../use-loaded.ts';
import { deletePersona, listPersonas, type Persona } from './api.ts';
import { PersonaForm } from './persona-form.tsx';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; persona: Persona };

/** The personas page: the library, a form for a new or changed persona, and delete with a confirmation. */
export function PersonaList(): JSX.Element {
  const { state, retry } = useLoaded(() => listPersonas(), []);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [deleting, setDeleting] = useState<Persona | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = (persona: Persona) => { setEditing({ kind: 'none' }); setNotice(`Saved “${persona.name}”.`); retry(); };
  return (
    <>
      <div className="list-actions">
        <button type="button" className="primary" aria-expanded={editing.kind === 'new'} onClick={() => { setEditing(editing.kind === 'new' ? { kind: 'none' } : { kind: 'new' }); setNotice(null); }}>New persona</button>
      </div>
      {editing.kind !== 'none' && (
        <div className="panel">
          <h2>{editing.kind === 'new' ? 'New persona' : `Edit ${editing.persona.name}`}</h2>
          <PersonaForm
            key={editing.kind === 'new' ? 'new' : editing.persona.id}
            {...(editing.kind === 'edit' ? { persona: editing.persona } : {})}
            onSaved={saved}
            onCancel={() => { setEditing({ kind: 'none' }); }}
          />
        </div>
      )}
      {deleting && (
        <ConfirmDelete
          what="persona"
          name={deleting.name}
          consequence="Channels set to it go without a persona."
          onConfirm={async () => {
            await deletePersona(deleting.id);
            setNotice(`Deleted “${deleting.name}”.`);
            setDeleting(null);
            retry();
          }}
          onCancel={() => { setDeleting(null); }}
        />
      )}
      {notice !== null && <p role="status" className="notice">{notice}</p>}
      <ListBody
        state={state}
        onRetry={retry}
        onEdit={(persona) => { setNotice(null); setDeleting(null); setEditing({ kind: 'edit', persona }); }}
        onDelete={(persona) => { setNotice(null); setEditing({ kind: 'none' }); setDeleting(persona); }}
      />
    </>
  );
}

interface ListBodyProps {
  state: Loaded<Persona[]>;
  onRetry: () => void;
  onEdit: (persona: Persona) => void;
  onDelete: (persona: Persona) => void;
}

function ListBody({ state, onRetry, onEdit, onDelete }: ListBodyProps): JSX.Element {
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading personas…</p>;
    case 'missing':
    case 'error':
      return <LoadError what="personas" message={state.kind === 'error' ? state.message : 'the server has no personas API'} onRetry={onRetry} />;
    case 'ready':
      return state.value.length === 0 ? (
        <p>No personas yet. Add one with “New persona”, then set it on a channel or name it in a model node.</p>
      ) : (
        <table className="flow-table" aria-label="Personas">
          <thead>
            <tr><th>Name</th><th>System prompt</th><th>Updated</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {state.value.map((persona) => (
              <tr key={persona.id}>
                <td>{persona.name}</td>
                <td className="muted">{persona.systemPrompt.length > 120 ? `${persona.systemPrompt.slice(0, 120)}…` : persona.systemPrompt}</td>
                <td><time dateTime={persona.updatedAt}>{new Date(persona.updatedAt).toLocaleString()}</time></td>
                <td className="row-actions">
                  <button type="button" aria-label={`Edit ${persona.name}`} onClick={() => { onEdit(persona); }}>Edit</button>
                  <button type="button" className="danger" aria-label={`Delete ${persona.name}`} onClick={() => { onDelete(persona); }}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}
