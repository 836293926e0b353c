'use client';

import { useState, type ChangeEvent } from 'react';
import { checkImport, createFlow, errorMessage, type ImportCheck } from './flow-admin-api.ts';

type Step =
  | { kind: 'input' }
  | { kind: 'checking' }
  | { kind: 'checked'; checks: ImportCheck[] }
  | { kind: 'importing'; checks: ImportCheck[] };

/**
 * Import from a file or pasted JSON: the server checks the document first (import-check) and the
 * checklist says what it still needs here. Unknown node types block the import; credentials are to-dos.
 */
export function ImportPanel({ onClose, onImported }: { onClose: () => void; onImported: (flowId: string) => void }) {
  const [text, setText] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'input' });
  const [error, setError] = useState<string | null>(null);

  const edit = (value: string) => {
    setText(value);
    setStep({ kind: 'input' });
    setError(null);
  };

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    file.text().then(edit, (failure: unknown) => { setError(`Could not read ${file.name}: ${errorMessage(failure)}`); });
  };

  const check = () => {
    setStep({ kind: 'checking' });
    setError(null);
    checkImport(text).then(
      (checks) => { setStep({ kind: 'checked', checks }); },
      (failure: unknown) => { setStep({ kind: 'input' }); setError(errorMessage(failure)); },
    );
  };

  const importNow = (checks: ImportCheck[]) => {
    setStep({ kind: 'importing', checks });
    createFlow(text).then(onImported, (failure: unknown) => { setStep({ kind: 'checked', checks }); setError(errorMessage(failure)); });
  };

  const checks = step.kind === 'checked' || step.kind === 'importing' ? step.checks : null;
  const blocked = checks?.some((item) => item.kind === 'unknown_node_type') ?? false;

  return (
    <section className="panel" aria-label="Import a flow">
      <h2>Import a flow</h2>
      <label className="field">
        Flow file
        <input type="file" accept=".json,application/json" onChange={readFile} />
      </label>
      <label className="field">
        Or paste the flow document (JSON)
        <textarea rows={8} value={text} onChange={(event) => { edit(event.currentTarget.value); }} spellCheck={false} />
      </label>
      {error !== null && <p role="alert" className="error">{error}</p>}
      {checks !== null && <Checklist checks={checks} />}
      <div className="list-actions">
        {checks === null ? (
          <button type="button" className="primary" onClick={check} disabled={text.trim() === '' || step.kind === 'checking'}>
            {step.kind === 'checking' ? 'Checking…' : 'Check'}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => { importNow(checks); }} disabled={blocked || step.kind === 'importing'}>
            {step.kind === 'importing' ? 'Importing…' : 'Import and open'}
          </button>
        )}
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </section>
  );
}

function Checklist({ checks }: { checks: ImportCheck[] }) {
  if (checks.length === 0) return <p role="status">Checklist: nothing is missing on this server.</p>;
  const blocking = checks.filter((item) => item.kind === 'unknown_node_type');
  const todos = checks.filter((item) => item.kind === 'credential_needed');
  return (
    <div role="region" aria-label="Import checklist">
      {blocking.length > 0 && (
        <>
          <p className="error">This flow cannot be imported: it uses node types this server does not have.</p>
          <ul>{blocking.map((item) => <li key={`${item.nodeId}-type`} className="error">{item.message}</li>)}</ul>
        </>
      )}
      {todos.length > 0 && (
        <>
          <p>To do after the import:</p>
          <ul>{todos.map((item) => <li key={`${item.nodeId}-credential`}><span className="tag">to do</span> {item.message}</li>)}</ul>
        </>
      )}
    </div>
  );
}
