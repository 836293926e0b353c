'use client';

import type { FlowNode } from '@switchboard/flow-schema';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { errorMessage } from './api.ts';
import { problemsOf, resetPlayground, sendPlayground } from './playground-api.ts';
import { applyLine, NO_RUN, type RunView } from './playground-run.ts';

interface Message {
  id: number;
  from: 'you' | 'bot' | 'note';
  text: string;
}

interface PlaygroundPanelProps {
  flowId: string;
  /** Saves the draft now; false when the server does not hold what the canvas shows. */
  flush: () => Promise<boolean>;
  run: RunView;
  onRun: (update: (current: RunView) => RunView) => void;
  /** The selected node: its input and output from the last run are shown. */
  selected: FlowNode | undefined;
}

function show(value: unknown): string {
  return value === undefined ? '(nothing)' : JSON.stringify(value, null, 2);
}

/** A chat with the flow's draft: nothing of it is recorded. */
export function PlaygroundPanel({ flowId, flush, run, onRun, selected }: PlaygroundPanelProps) {
  const [sessionId] = useState(() => crypto.randomUUID());
  const [messages, setMessages] = useState<Message[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [delayUntil, setDelayUntil] = useState<number | undefined>();
  const nextId = useRef(0);
  const log = useRef<HTMLOListElement>(null);

  const add = (from: Message['from'], line: string) => {
    nextId.current += 1;
    const id = nextId.current;
    setMessages((current) => [...current, { id, from, text: line }]);
  };

  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [messages]);

  const send = async (kind: 'message' | 'timer', body: string) => {
    setBusy(true);
    setDelayUntil(undefined);
    try {
      if (!(await flush())) {
        add('note', 'The draft could not be saved, so it was not run.');
        return;
      }
      if (kind === 'message') add('you', body);
      onRun(() => NO_RUN);
      const result = await sendPlayground(flowId, { sessionId, text: body, kind }, (line) => {
        if (line.type === 'reply') add('bot', line.reply.text);
        onRun((current) => applyLine(current, line));
      });
      if (result.status === 'failed') add('note', `The run failed${result.error?.nodeId ? ` at ${result.error.nodeId}` : ''}: ${result.error?.message ?? 'unknown error'}`);
      if (result.waiting?.kind === 'delay') setDelayUntil(result.waiting.resumeAt ?? Date.now());
    } catch (error) {
      const problems = problemsOf(error);
      add('note', problems.length > 0 ? `${errorMessage(error)}\n${problems.map((problem) => `• ${problem.nodeId ? `${problem.nodeId}: ` : ''}${problem.message}`).join('\n')}` : errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy || text.trim() === '') return;
    const body = text;
    setText('');
    void send('message', body);
  };

  const onReset = async () => {
    try {
      await resetPlayground(flowId, sessionId);
      setMessages([]);
      setDelayUntil(undefined);
      onRun(() => NO_RUN);
    } catch (error) {
      add('note', errorMessage(error));
    }
  };

  const spans = selected ? run.spans.filter((span) => span.nodeId === selected.id) : [];
  return (
    <aside className="sb-panel sb-playground" aria-label="Playground">
      <div className="sb-playground-head">
        <h2>Playground</h2>
        <button type="button" onClick={() => { void onReset(); }} disabled={busy}>Reset</button>
      </div>
      <p className="muted">Runs the draft as you see it; nothing is recorded.</p>
      <ol className="sb-chat" ref={log} aria-label="Playground messages">
        {messages.map((message) => (
          <li key={message.id} className={`sb-chat-${message.from}`}>{message.text}</li>
        ))}
      </ol>
      {delayUntil !== undefined && (
        <p className="sb-delay">
          Waiting {Math.max(0, Math.ceil((delayUntil - Date.now()) / 1000))} s —{' '}
          <button type="button" className="link" onClick={() => { void send('timer', ''); }} disabled={busy}>Continue now</button>
        </p>
      )}
      <form className="sb-chat-form" onSubmit={onSubmit}>
        <input aria-label="Message" value={text} onChange={(event) => { setText(event.target.value); }} placeholder="Say something…" />
        <button type="submit" disabled={busy || text.trim() === ''}>Send</button>
      </form>
      {selected && run.finished && (
        <section className="sb-node-run" aria-label="Node run">
          <h3>{selected.label ?? selected.id} in the last run</h3>
          {spans.length === 0 && <p className="muted">This node did not run.</p>}
          {spans.map((span, index) => (
            <div key={`${span.nodeId}-${String(index)}`}>
              <p className="muted">{span.status}{span.iteration === null ? '' : ` · ${span.iteration}`} · {span.durationMs} ms</p>
              {span.error !== null && <p className="error">{span.error}</p>}
              <h4>Input</h4>
              <pre aria-label="Node input">{show(span.input)}</pre>
              <h4>Output</h4>
              <pre aria-label="Node output">{show(span.output)}</pre>
            </div>
          ))}
        </section>
      )}
    </aside>
  );
}
