'use client';

import { useId, useRef, useState, type JSX } from 'react';

/** The full address the platform must post to, in a box that is easy to select, with a copy button. */
export function WebhookUrl({ path, help }: { path: string; help: string }): JSX.Element {
  const id = useId();
  const box = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const url = `${window.location.origin}${path}`;
  const copy = () => {
    // The clipboard needs a secure context (https or loopback): elsewhere the box is selected for Ctrl+C.
    navigator.clipboard.writeText(url).then(
      () => { setCopied('yes'); },
      () => { box.current?.select(); setCopied('failed'); },
    );
  };
  return (
    <div className="webhook-url">
      <label htmlFor={id}>Webhook URL</label>
      <div className="webhook-url-box">
        <input id={id} ref={box} readOnly value={url} aria-describedby={`${id}-help`} onFocus={(event) => { event.currentTarget.select(); }} />
        <button type="button" onClick={copy}>Copy</button>
        <span role="status" className="muted">{copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Selected: press Ctrl+C to copy' : ''}</span>
      </div>
      <span id={`${id}-help`} className="muted">{help}</span>
    </div>
  );
}
