'use client';

import type { JSX } from 'react';

/** The settings of a platform this page has no form for, as JSON: the server says what is wrong with them. */
export function JsonSettingsField({ form, id, type, value, onChange }: { form: string; id: string; type: string; value: string; onChange: (text: string) => void }): JSX.Element {
  return (
    <div className="field">
      <label htmlFor={id}>Settings (JSON)</label>
      <textarea id={id} form={form} rows={5} spellCheck={false} value={value} aria-describedby={`${id}-help`} onChange={(event) => { onChange(event.target.value); }} />
      <span id={`${id}-help`} className="muted">This page has no form for <code>{type}</code> channels yet: write their settings as a JSON object, or leave <code>{'{}'}</code> for the defaults.</span>
    </div>
  );
}
