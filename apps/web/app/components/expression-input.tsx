'use client';

import { useContext, useId, useLayoutEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { applyCompletion, type Completion, type CompletionResult } from '../../src/forms/expression-completions.ts';
import { ExpressionCompletion } from './expression-completion.ts';

export interface ExpressionInputProps {
  id: string;
  value: string;
  onChange: (text: string) => void;
  multiline: boolean;
  type?: 'text' | 'password';
  placeholder: string | undefined;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

type TextControl = HTMLInputElement | HTMLTextAreaElement;

/**
 * A text box that, inside `{{ }}`, lists what the expression may read (see expression-completions.ts):
 * arrows move, Enter or Tab accept, Escape closes. Without a provider it is a plain text box.
 */
export function ExpressionInput({ value, onChange, multiline, type = 'text', ...common }: ExpressionInputProps): JSX.Element {
  const complete = useContext(ExpressionCompletion);
  const listId = useId();
  const control = useRef<TextControl>(null);
  const [open, setOpen] = useState<{ result: CompletionResult; active: number } | undefined>();
  // Escape closes the list until the text or the cursor changes.
  const dismissed = useRef<string | undefined>(undefined);
  const pendingCursor = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const cursor = pendingCursor.current;
    if (cursor === undefined || !control.current) return;
    pendingCursor.current = undefined;
    control.current.setSelectionRange(cursor, cursor);
  }, [value]);

  // The active option stays in sight while the arrows move through a long list.
  const activeId = open ? `${listId}-option-${open.active}` : undefined;
  useLayoutEffect(() => {
    if (activeId !== undefined) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const refresh = (text: string, cursor: number | null) => {
    if (complete === undefined || cursor === null || type === 'password') return;
    if (dismissed.current === `${cursor}:${text}`) return;
    dismissed.current = undefined;
    const result = complete(text, cursor);
    setOpen(result === undefined ? undefined : { result, active: 0 });
  };

  const accept = (item: Completion) => {
    if (!open) return;
    const next = applyCompletion(value, open.result, item);
    pendingCursor.current = next.cursor;
    onChange(next.text);
    // A path prefix (`nodes.`) opens the list of what can follow it.
    const result = item.continues && complete ? complete(next.text, next.cursor) : undefined;
    setOpen(result === undefined ? undefined : { result, active: 0 });
  };

  const onKeyDown = (event: KeyboardEvent<TextControl>) => {
    if (!open) return;
    const count = open.result.items.length;
    const active = open.result.items[open.active];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : count - 1;
      setOpen({ ...open, active: (open.active + step) % count });
    } else if ((event.key === 'Enter' || event.key === 'Tab') && active !== undefined) {
      event.preventDefault();
      accept(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      const target = event.currentTarget;
      dismissed.current = `${target.selectionStart ?? 0}:${target.value}`;
      setOpen(undefined);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  const aria = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(open.active) : undefined,
  };
  const handlers = {
    onChange: (event: { currentTarget: TextControl }) => {
      onChange(event.currentTarget.value);
      refresh(event.currentTarget.value, event.currentTarget.selectionStart);
    },
    onSelect: (event: { currentTarget: TextControl }) => { refresh(event.currentTarget.value, event.currentTarget.selectionStart); },
    onKeyDown,
    onBlur: () => { setOpen(undefined); },
  };

  return (
    <div className="zod-form-expression">
      {multiline ? (
        <textarea {...common} {...aria} {...handlers} ref={(node) => { control.current = node; }} rows={4} value={value} />
      ) : (
        <input
          {...common}
          {...aria}
          {...handlers}
          ref={(node) => { control.current = node; }}
          type={type}
          role={complete === undefined ? undefined : 'combobox'}
          aria-expanded={complete === undefined ? undefined : open !== undefined}
          value={value}
        />
      )}
      {open && (
        <ul id={listId} role="listbox" aria-label="Expression completions" className="zod-form-completions">
          {open.result.items.map((item, index) => (
            <li
              key={`${item.label}-${index}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === open.active}
              // Keeps the focus in the text box, so the click below accepts without a blur closing the list.
              onMouseDown={(event) => { event.preventDefault(); }}
              onClick={() => { accept(item); }}
            >
              <code>{item.label}</code>
              <span className="zod-form-completion-detail">{item.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
