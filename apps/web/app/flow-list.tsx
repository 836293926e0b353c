'use client';

import { useCallback, useEffect, useState } from 'react';
import { LoadError } from './components/load-error.tsx';
import { ConfirmDelete } from './confirm-delete.tsx';
import { createFlow, deleteFlow, EMPTY_FLOW, errorMessage, listFlows, type FlowSummary } from './flow-admin-api.ts';
import { FlowRow } from './flow-row.tsx';
import { ImportPanel } from './import-panel.tsx';
import { SaveTemplateDialog } from './save-template-dialog.tsx';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; flows: FlowSummary[] };

export function FlowList() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  const [templating, setTemplating] = useState<FlowSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const reload = useCallback(() => { setAttempt((n) => n + 1); }, []);

  useEffect(() => {
    let current = true; // ignore an answer that arrives after a retry or an unmount
    listFlows().then(
      (flows) => { if (current) setState({ kind: 'ready', flows }); },
      (error: unknown) => { if (current) setState({ kind: 'error', message: errorMessage(error) }); },
    );
    return () => { current = false; };
  }, [attempt]);

  const newFlow = () => {
    setCreating(true);
    createFlow(JSON.stringify(EMPTY_FLOW)).then(
      (id) => { window.location.assign(`/flows/${id}`); },
      (error: unknown) => { setCreating(false); setNotice(`Could not create the flow: ${errorMessage(error)}`); },
    );
  };

  const confirmDelete = async (flow: FlowSummary) => {
    await deleteFlow(flow.id);
    setDeleting(null);
    setNotice(`Deleted “${flow.name}”.`);
    reload();
  };

  return (
    <>
      <div className="list-actions">
        <button type="button" className="primary" onClick={newFlow} disabled={creating}>{creating ? 'Creating…' : 'New flow'}</button>
        <button type="button" onClick={() => { setImporting((open) => !open); }} aria-expanded={importing}>Import</button>
        <a href="/templates">Start from a template</a>
      </div>
      {importing && <ImportPanel onClose={() => { setImporting(false); }} onImported={(id) => { window.location.assign(`/flows/${id}`); }} />}
      {deleting && (
        <ConfirmDelete
          what="flow"
          name={deleting.name}
          consequence="Its versions, conversations and runs are deleted too."
          onConfirm={() => confirmDelete(deleting)}
          onCancel={() => { setDeleting(null); }}
        />
      )}
      {templating && (
        <SaveTemplateDialog
          key={templating.id}
          flow={templating}
          onSaved={(name) => { setTemplating(null); setNotice(`Saved “${name}” as a template: everyone on this server can start from it in Templates.`); }}
          onCancel={() => { setTemplating(null); }}
        />
      )}
      {notice !== null && <p role="status" className="notice">{notice}</p>}
      <ListBody
        state={state}
        onRetry={() => { setState({ kind: 'loading' }); reload(); }}
        onChanged={(message) => { setNotice(message); reload(); }}
        onDelete={(flow) => { setDeleting(flow); }}
        onSaveAsTemplate={(flow) => { setTemplating(flow); }}
      />
    </>
  );
}

interface BodyProps {
  state: State;
  onRetry: () => void;
  onChanged: (message: string) => void;
  onDelete: (flow: FlowSummary) => void;
  onSaveAsTemplate: (flow: FlowSummary) => void;
}

function ListBody({ state, onRetry, onChanged, onDelete, onSaveAsTemplate }: BodyProps) {
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading flows…</p>;
    case 'error':
      return <LoadError what="flows" message={state.message} onRetry={onRetry} />;
    case 'ready':
      return state.flows.length === 0 ? (
        <EmptyState />
      ) : (
        <table className="flow-table">
          <thead>
            <tr><th>Name</th><th>Published version</th><th>Channels</th><th>Last run</th><th>Updated</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {state.flows.map((flow) => <FlowRow key={flow.id} flow={flow} onChanged={onChanged} onDelete={onDelete} onSaveAsTemplate={onSaveAsTemplate} />)}
          </tbody>
        </table>
      );
  }
}

function EmptyState() {
  const origin = window.location.origin;
  return (
    <div>
      <p>No flows yet. Create one, import a flow document, or start from a template. With curl, import and publish:</p>
      <pre>
        {`curl -X POST ${origin}/api/v1/flows -H 'content-type: application/json' --data @my-flow.json\n`}
        {`curl -X POST ${origin}/api/v1/flows/<flow id from the answer>/publish`}
      </pre>
      <p className="muted">Then talk to it:</p>
      <pre>
        {`curl -X POST ${origin}/api/v1/flows/<flow id>/chat -H 'content-type: application/json' \\\n  --data '{"conversationId":"demo","text":"hello"}'`}
      </pre>
    </div>
  );
}
