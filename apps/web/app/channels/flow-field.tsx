'use client';

import type { JSX } from 'react';
import { listFlows } from '../flow-admin-api.ts';
import { useLoaded } from '../use-loaded.ts';

/** The flow the channel's messages go to, or none (the channel then does not run). */
export function FlowField({ form, id, value, onChange }: { form: string; id: string; value: string; onChange: (flowId: string) => void }): JSX.Element {
  const { state, retry } = useLoaded(listFlows, []);
  const flows = state.kind === 'ready' ? state.value : [];
  const chosen = flows.find((flow) => flow.id === value);
  const unknown = value !== '' && state.kind === 'ready' && chosen === undefined;
  return (
    <div className="field">
      <label htmlFor={id}>Flow</label>
      <select id={id} form={form} value={value} disabled={state.kind !== 'ready'} onChange={(event) => { onChange(event.target.value); }}>
        <option value="">{state.kind === 'loading' ? 'Loading flows…' : 'None: the channel does not run'}</option>
        {unknown && <option value={value}>Missing flow ({value})</option>}
        {flows.map((flow) => <option key={flow.id} value={flow.id}>{flow.publishedVersion === null ? `${flow.name} (not published)` : flow.name}</option>)}
      </select>
      {chosen?.publishedVersion === null && <span className="muted">This flow is not published yet: the channel answers once it is.</span>}
      {(state.kind === 'error' || state.kind === 'missing') && (
        <p role="alert" className="error">
          Could not load the flows{state.kind === 'error' ? `: ${state.message}` : ''}. <button type="button" onClick={retry}>Try again</button>
        </p>
      )}
    </div>
  );
}
