import { useEffect, useLayoutEffect, useRef } from 'react';
import { isClipboardAction, shortcutFor, type KeyAction } from './shortcuts.ts';

export type ShortcutHandlers = Record<KeyAction, () => void> & {
  /** Copies the selection; returns the clipboard text, or undefined when nothing is selected. */
  copy: () => string | undefined;
  cut: () => string | undefined;
  /** `text` is the system clipboard's text, or '' when it could not be read. */
  paste: (text: string) => void;
};

/** Form fields keep their own keys: undo, copy and delete there edit the text, not the flow. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Text selected outside the canvas (a problem message, a node description) copies as text. */
function hasTextSelectedOutside(canvas: string): boolean {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.toString() === '') return false;
  const anchor = selection.anchorNode instanceof Element ? selection.anchorNode : selection.anchorNode?.parentElement;
  return !anchor?.closest(canvas);
}

async function readClipboard(): Promise<string> {
  try {
    return await navigator.clipboard.readText();
  } catch {
    return '';
  }
}

/**
 * Runs the table in shortcuts.ts. Copy, cut and paste are done in the browser's clipboard events,
 * which may write and read the system clipboard without asking; where a browser sends no such event
 * (Safari without a text selection) the async clipboard API is the fallback.
 */
export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean, canvasSelector: string): void {
  const latest = useRef({ handlers, enabled });
  useLayoutEffect(() => { latest.current = { handlers, enabled }; });

  useEffect(() => {
    // What a copy or cut key made, waiting for the copy event to put it on the clipboard.
    let copied: string | undefined;
    let pasteHandled = false;

    function onKeyDown(event: KeyboardEvent): void {
      const { handlers: run, enabled: on } = latest.current;
      if (!on || event.defaultPrevented || isTyping(event.target)) return;
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      const { action } = shortcut;
      if (!isClipboardAction(action)) {
        event.preventDefault();
        run[action]();
        return;
      }
      if (hasTextSelectedOutside(canvasSelector)) return;
      // The browser's default action fires the clipboard event right after this; the timer below is for browsers that do not.
      if (action === 'paste') {
        pasteHandled = false;
        setTimeout(() => {
          if (!pasteHandled) void readClipboard().then((text) => { latest.current.handlers.paste(text); });
        }, 0);
        return;
      }
      const text = action === 'cut' ? run.cut() : run.copy();
      if (text === undefined) return;
      copied = text;
      setTimeout(() => {
        if (copied === text) void navigator.clipboard.writeText(text).catch(() => undefined);
        copied = undefined;
      }, 0);
    }

    function onCopyOrCut(event: ClipboardEvent): void {
      const { handlers: run, enabled: on } = latest.current;
      if (!on || isTyping(event.target) || hasTextSelectedOutside(canvasSelector)) return;
      const text = copied ?? (event.type === 'cut' ? run.cut() : run.copy());
      copied = undefined;
      if (text === undefined || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    }

    function onPaste(event: ClipboardEvent): void {
      const { handlers: run, enabled: on } = latest.current;
      if (!on || isTyping(event.target)) return;
      pasteHandled = true;
      event.preventDefault();
      run.paste(event.clipboardData?.getData('text/plain') ?? '');
    }

    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopyOrCut);
    document.addEventListener('cut', onCopyOrCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopyOrCut);
      document.removeEventListener('cut', onCopyOrCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [canvasSelector]);
}
