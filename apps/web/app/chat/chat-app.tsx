'use client';

import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { errorMessage } from '../http-client.ts';
import { loadHistory, loadSettings, sendMessage, visitorId, type ChatLine, type ChatSettings } from './api.ts';
import { MarkdownView } from './markdown-view.tsx';

interface Entry {
  id: string;
  role: 'user' | 'bot';
  text: string;
}

type Loaded = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; settings: ChatSettings; visitor: string };

/** A message being answered: the text the model streamed so far ("typing…" while there is none). */
interface Pending {
  partial: string;
}

function newMessageId(): string {
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The hosted chat: the visitor's conversation with a web chat channel's flow. */
export function ChatApp({ channelId }: { channelId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState<Pending | undefined>();
  const [error, setError] = useState<string | undefined>();
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    const visitor = visitorId();
    Promise.all([loadSettings(channelId), loadHistory(channelId, visitor)]).then(
      ([settings, history]) => {
        if (cancelled) return;
        setEntries(history.map(({ id, role, text }) => ({ id, role, text })));
        setLoaded({ state: 'ready', settings, visitor });
      },
      (failure: unknown) => {
        if (!cancelled) setLoaded({ state: 'failed', error: errorMessage(failure) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [channelId]);

  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [entries, pending, error]);

  const visitor = loaded.state === 'ready' ? loaded.visitor : undefined;
  const send = useCallback(async () => {
    const text = draft.trim();
    if (visitor === undefined || text === '' || pending) return;
    setDraft('');
    setError(undefined);
    const messageId = newMessageId();
    setEntries((current) => [...current, { id: messageId, role: 'user', text }]);
    setPending({ partial: '' });
    const shown = new Set<string>();
    const show = (reply: { id: string; text: string }) => {
      if (shown.has(reply.id)) return;
      shown.add(reply.id);
      setEntries((current) => [...current, { id: reply.id, role: 'bot', text: reply.text }]);
      setPending((current) => current && { partial: '' });
    };
    const onLine = (line: ChatLine) => {
      // Only text on its way to a reply is the answer taking shape (not a classifier's, say).
      if (line.type === 'token' && line.replied !== false) setPending((current) => current && { partial: current.partial + line.text });
      if (line.type === 'reply') show(line.reply);
    };
    try {
      const result = await sendMessage(channelId, { visitorId: visitor, text, messageId }, onLine);
      result.replies.forEach(show);
      if (result.error) setError(result.error.message);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(undefined);
    }
  }, [channelId, draft, pending, visitor]);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter (and Enter while an input method composes) writes a new line.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  if (loaded.state === 'loading') return <div className="chat-unavailable muted">Loading the chat…</div>;
  if (loaded.state === 'failed') {
    return (
      <div className="chat-unavailable" role="alert">
        <p><strong>This chat is not available.</strong></p>
        <p className="error">{loaded.error}</p>
      </div>
    );
  }
  const { title, greeting } = loaded.settings;
  return (
    <div className="chat">
      <h1 className="chat-head">{title}</h1>
      <div className="chat-log" ref={log} role="log" aria-label="Conversation" aria-live="polite">
        {greeting !== '' && (
          <div className="msg bot greeting">
            <MarkdownView text={greeting} />
          </div>
        )}
        {entries.map((entry) => (
          <div key={entry.id} className={`msg ${entry.role}`} data-role={entry.role}>
            {entry.role === 'bot' ? <MarkdownView text={entry.text} /> : entry.text}
          </div>
        ))}
        {pending && (pending.partial === '' ? (
          <div className="msg bot typing" aria-label="The bot is typing">typing…</div>
        ) : (
          <div className="msg bot">
            <MarkdownView text={pending.partial} />
          </div>
        ))}
      </div>
      {error !== undefined && <div className="chat-error" role="alert">{error}</div>}
      <form className="chat-form" onSubmit={onSubmit}>
        <textarea
          aria-label="Message"
          placeholder="Write a message…"
          rows={1}
          value={draft}
          maxLength={32_000}
          onChange={(event) => { setDraft(event.target.value); }}
          onKeyDown={onKeyDown}
          autoFocus
        />
        <button type="submit" disabled={pending !== undefined || draft.trim() === ''}>Send</button>
      </form>
    </div>
  );
}
