'use client';

import type { Conflict } from './use-autosave.ts';

const styles = `
  .sb-conflict { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); z-index: 50; max-width: 640px; padding: 12px 16px;
    border: 1px solid #d97706; border-radius: 8px; background: Canvas; box-shadow: 0 4px 16px #0003; font-size: 14px; }
  .sb-conflict p { margin: 0 0 8px; }
  .sb-conflict-actions { display: flex; gap: 8px; }
`;

/** Shown when a save found the draft changed by someone else: autosave waits until the user picks a side. */
export function ConflictBanner({ conflict, onLoadTheirs, onKeepMine }: { conflict: Conflict; onLoadTheirs: () => void; onKeepMine: () => void }) {
  return (
    <div role="alert" aria-label="Save conflict" className="sb-conflict" data-current-revision={conflict.currentRevision}>
      <style>{styles}</style>
      <p>
        <strong>Someone else changed this flow</strong> since you opened it, so your latest changes were not saved and autosave is paused.
      </p>
      <p className="muted">Load their version to continue from it (your unsaved changes here are dropped), or keep yours to replace their change.</p>
      <div className="sb-conflict-actions">
        <button type="button" onClick={onLoadTheirs}>Load their version</button>
        <button type="button" onClick={onKeepMine}>Keep mine</button>
      </div>
    </div>
  );
}
