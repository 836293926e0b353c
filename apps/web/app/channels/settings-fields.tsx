'use client';

import { useId, useState, type JSX } from 'react';
import type { Platform, Settings } from './platforms.ts';

interface Props {
  form: string;
  platform: Platform;
  value: Settings;
  onChange: (settings: Settings) => void;
}

/** The platform's settings: how the server connects, and under "Advanced" the platform's API address. */
export function SettingsFields({ form, platform, value, onChange }: Props): JSX.Element {
  const id = useId();
  // Open at first when the address is not the official one; then the user's toggle decides.
  const [openAtFirst] = useState(value.apiUrl !== platform.apiDefault);
  return (
    <>
      <fieldset className="modes">
        <legend>Connection</legend>
        {platform.modes.map((mode) => (
          <label key={mode.value} className="mode">
            <input type="radio" form={form} name={`${id}-mode`} value={mode.value} checked={value.mode === mode.value} onChange={() => { onChange({ ...value, mode: mode.value }); }} />
            <span>
              <strong>{mode.label}</strong>
              <span className="muted"> {mode.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <details className="advanced" open={openAtFirst}>
        <summary>Advanced</summary>
        <div className="field">
          <label htmlFor={`${id}-api`}>{platform.apiLabel}</label>
          <input
            id={`${id}-api`}
            form={form}
            type="url"
            value={value.apiUrl}
            placeholder={platform.apiDefault}
            aria-describedby={`${id}-api-help`}
            onChange={(event) => { onChange({ ...value, apiUrl: event.target.value }); }}
          />
          <span id={`${id}-api-help`} className="muted">
            {platform.label}&apos;s own is <code>{platform.apiDefault}</code> (used when empty). Change it only for a self-hosted or test server.
          </span>
        </div>
      </details>
    </>
  );
}
