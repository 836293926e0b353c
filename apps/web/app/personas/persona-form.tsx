'use client';

import { useId, useState, type JSX, type SyntheticEvent } from 'react';
import { createPersona, errorMessage, updatePersona, type Persona, type PersonaInput } from './api.ts';
import './persona-form.css';

interface PersonaFormProps {
  /** The persona being edited; a new one without it. */
  persona?: Persona;
  onSaved: (persona: Persona) => void;
  onCancel: () => void;
}

/** A persona's name, system prompt, greeting and style; the server checks them (and that the name is free). */
export function PersonaForm({ persona, onSaved, onCancel }: PersonaFormProps): JSX.Element {
  const formId = useId();
  const [input, setInput] = useState<PersonaInput>({
    name: persona?.name ?? '',
    systemPrompt: persona?.systemPrompt ?? '',
    greeting: persona?.greeting ?? '',
    style: persona?.style ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (field: keyof PersonaInput) => (event: { target: { value: string } }) => { setInput({ ...input, [field]: event.target.value }); };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    (persona ? updatePersona(persona.id, input) : createPersona(input)).then(
      (saved) => { onSaved(saved); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  return (
    <form className="persona-form" aria-label={persona ? `Edit ${persona.name}` : 'New persona'} onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${formId}-name`}>Name</label>
        <input id={`${formId}-name`} value={input.name} required maxLength={80} onChange={set('name')} placeholder="e.g. Support agent" />
      </div>
      <div className="field">
        <label htmlFor={`${formId}-prompt`}>System prompt</label>
        <textarea id={`${formId}-prompt`} value={input.systemPrompt} required maxLength={20_000} rows={6} onChange={set('systemPrompt')} placeholder="Who the bot is and what it does." />
      </div>
      <div className="field">
        <label htmlFor={`${formId}-greeting`}>Greeting <span className="muted">(optional)</span></label>
        <input id={`${formId}-greeting`} value={input.greeting} maxLength={2000} onChange={set('greeting')} aria-describedby={`${formId}-greeting-help`} />
        <span id={`${formId}-greeting-help`} className="muted">Said when a conversation switches to this persona.</span>
      </div>
      <div className="field">
        <label htmlFor={`${formId}-style`}>Style <span className="muted">(optional)</span></label>
        <textarea id={`${formId}-style`} value={input.style} maxLength={4000} rows={3} onChange={set('style')} aria-describedby={`${formId}-style-help`} />
        <span id={`${formId}-style-help`} className="muted">Tone, length and formatting, added after the system prompt.</span>
      </div>
      {error !== null && <p role="alert" className="error">Could not save the persona: {error}</p>}
      <div className="list-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save persona'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}
