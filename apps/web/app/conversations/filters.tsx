'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { listFlows, type ConversationFilter } from './api.ts';
import { fromLocalInput, noFilter, toLocalInput } from './filter-query.ts';

type TextKey = 'channel' | 'userId' | 'text';

/**
 * The filter form: the selects apply at once, the text and time fields when the form is submitted.
 * Times are typed in the browser's zone and kept as instants, so a shared link means the same times.
 */
export function Filters({ value, onChange }: { value: ConversationFilter; onChange: (filter: ConversationFilter) => void }) {
  const flows = useQuery({ queryKey: ['flows'], queryFn: listFlows });
  const [draft, setDraft] = useState(value);
  // What the time fields show while typed; a value is taken once it is a whole date and time.
  const [times, setTimes] = useState({ from: toLocalInput(value.from), to: toLocalInput(value.to) });
  const set = (key: TextKey, text: string) => { setDraft((current) => ({ ...current, [key]: text })); };
  const setTime = (key: 'from' | 'to', local: string) => {
    setTimes((current) => ({ ...current, [key]: local }));
    setDraft((current) => ({ ...current, [key]: fromLocalInput(local, key) }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  const select = (key: 'flowId' | 'status', text: string) => {
    const next = { ...draft, [key]: text };
    setDraft(next);
    onChange(next);
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter conversations">
      <label>
        Flow
        <select value={draft.flowId} onChange={(e) => { select('flowId', e.target.value); }}>
          <option value="">All flows</option>
          {flows.data?.items.map((flow) => <option key={flow.id} value={flow.id}>{flow.name}</option>)}
        </select>
      </label>
      <label>
        Status
        <select value={draft.status} onChange={(e) => { select('status', e.target.value); }}>
          <option value="">Any status</option>
          {['active', 'waiting', 'delayed', 'failed'].map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
      </label>
      <label>
        Channel
        <input value={draft.channel} placeholder="api" onChange={(e) => { set('channel', e.target.value); }} />
      </label>
      <label>
        User id
        <input value={draft.userId} onChange={(e) => { set('userId', e.target.value); }} />
      </label>
      <label>
        Message text
        <input type="search" value={draft.text} placeholder="contains…" onChange={(e) => { set('text', e.target.value); }} />
      </label>
      <label>
        Active from
        <input type="datetime-local" value={times.from} onChange={(e) => { setTime('from', e.target.value); }} />
      </label>
      <label>
        Active to
        <input type="datetime-local" value={times.to} onChange={(e) => { setTime('to', e.target.value); }} />
      </label>
      <button type="submit">Filter</button>
      <button type="button" onClick={() => { onChange(noFilter); }}>Clear</button>
      {flows.isError ? <span className="error">Could not load the flows: {flows.error.message}</span> : null}
    </form>
  );
}
