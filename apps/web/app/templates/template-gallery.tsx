'use client';

import { useEffect, useState } from 'react';
import { LoadError } from '../components/load-error.tsx';
import { ConfirmDelete } from '../confirm-delete.tsx';
import { createFromTemplate, deleteTemplate, errorMessage, listTemplates, type Template } from '../flow-admin-api.ts';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; templates: Template[] };

export function TemplateGallery() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    listTemplates().then(
      (templates) => { if (current) setState({ kind: 'ready', templates }); },
      (error: unknown) => { if (current) setState({ kind: 'error', message: errorMessage(error) }); },
    );
    return () => { current = false; };
  }, [attempt]);

  const confirmDelete = async (template: Template) => {
    await deleteTemplate(template.id);
    setDeleting(null);
    setNotice(`Deleted the template “${template.name}”. Flows made from it stay as they are.`);
    setAttempt((n) => n + 1);
  };

  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading templates…</p>;
    case 'error':
      return <LoadError what="templates" message={state.message} onRetry={() => { setState({ kind: 'loading' }); setAttempt((n) => n + 1); }} />;
    case 'ready':
      return (
        <>
          {deleting && (
            <ConfirmDelete
              what="template"
              name={deleting.name}
              consequence="Flows already made from it are kept."
              onConfirm={() => confirmDelete(deleting)}
              onCancel={() => { setDeleting(null); }}
            />
          )}
          {notice !== null && <p role="status" className="notice">{notice}</p>}
          {state.templates.length === 0 ? (
            <p>No templates on this server yet: the templates directory is empty or missing, and no flow was saved as a template (Save as template, on the flows list).</p>
          ) : (
            <ul className="template-grid">
              {state.templates.map((template) => <TemplateCard key={template.id} template={template} onDelete={() => { setNotice(null); setDeleting(template); }} />)}
            </ul>
          )}
        </>
      );
  }
}

function TemplateCard({ template, onDelete }: { template: Template; onDelete: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const types = new Set(template.requires.nodes.map((node) => node.type)).size;
  const { credentials } = template.requires;

  const use = () => {
    setBusy(true);
    setError(null);
    createFromTemplate(template.id).then(
      (id) => { window.location.assign(`/flows/${id}`); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  return (
    <li aria-label={template.name}>
      <h2>{template.name}</h2>
      <span className="tag">{template.source === 'builtin' ? 'Built in' : 'Saved on this server'}</span>
      {template.description !== null && <p>{template.description}</p>}
      <p className="muted">
        {types} node type{types === 1 ? '' : 's'} ·{' '}
        {credentials.length === 0 ? 'no credentials needed' : `needs credentials: ${credentials.join(', ')}`}
      </p>
      {error !== null && <p role="alert" className="error">{error}</p>}
      <div className="list-actions">
        <button type="button" className="primary" onClick={use} disabled={busy}>{busy ? 'Creating…' : 'Use this template'}</button>
        {template.source === 'instance' && (
          <button type="button" className="danger" onClick={onDelete} disabled={busy} title={`Delete the template ${template.name}`}>Delete</button>
        )}
      </div>
    </li>
  );
}
