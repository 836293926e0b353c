'use client';

import type { JSX } from 'react';
import { listPersonas } from '../personas/api.ts';
import { useLoaded } from '../use-loaded.ts';

/** The persona model nodes use on this channel when they ask for the channel's, or none. */
export function PersonaField({ form, id, value, onChange }: { form: string; id: string; value: string; onChange: (personaId: string) => void }): JSX.Element {
  const { state, retry } = useLoaded(listPersonas, []);
  const personas = state.kind === 'ready' ? state.value : [];
  const unknown = value !== '' && state.kind === 'ready' && !personas.some((persona) => persona.id === value);
  return (
    <div className="field">
      <label htmlFor={id}>Persona</label>
      <select id={id} form={form} value={value} disabled={state.kind !== 'ready'} aria-describedby={`${id}-help`} onChange={(event) => { onChange(event.target.value); }}>
        <option value="">{state.kind === 'loading' ? 'Loading personas…' : 'None'}</option>
        {unknown && <option value={value}>Missing persona ({value})</option>}
        {personas.map((persona) => <option key={persona.id} value={persona.id}>{persona.name}</option>)}
      </select>
      <span id={`${id}-help`} className="muted">Model nodes set to “the channel’s persona” speak as it. <a href="/personas">Manage personas</a></span>
      {(state.kind === 'error' || state.kind === 'missing') && (
        <p role="alert" className="error">
          Could not load the personas{state.kind === 'error' ? `: ${state.message}` : ''}. <button type="button" onClick={retry}>Try again</button>
        </p>
      )}
    </div>
  );
}
