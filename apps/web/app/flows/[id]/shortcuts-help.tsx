'use client';

import { memo, useEffect, useRef } from 'react';
import { comboLabel, GESTURES, isMac, SHORTCUTS } from './shortcuts.ts';

/** The shortcuts dialog, rendered from the same table the key handler runs. */
export const ShortcutsHelp = memo(function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const mac = isMac();
  return (
    <dialog ref={dialog} className="sb-shortcuts" aria-label="Keyboard shortcuts" onClose={onClose}>
      <div className="sb-shortcuts-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose} aria-label="Close">×</button>
      </div>
      <table>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                {shortcut.combos.map((combo) => <kbd key={comboLabel(combo, mac)}>{comboLabel(combo, mac)}</kbd>)}
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
          {GESTURES.map(({ gesture, description }) => (
            <tr key={gesture}>
              <td><kbd>{gesture}</kbd></td>
              <td>{description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Shortcuts wait while you type in a field.</p>
    </dialog>
  );
});
