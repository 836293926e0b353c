'use client';

import { useQuery } from '@tanstack/react-query';
import { getConversation, getFlow, listRuns, timeFormat, type Conversation } from '../api.ts';
import { editorStyles } from '../../flows/[id]/editor-styles.ts';
import { LoadError } from '../query-state.tsx';
import { RunTrace } from './run-trace.tsx';
import { Timeline } from './timeline.tsx';

/** One conversation: who and where, what was said, and a trace of every run it caused. */
export function ConversationDetail({ id }: { id: string }) {
  const conversation = useQuery({ queryKey: ['conversation', id], queryFn: () => getConversation(id) });
  if (conversation.isPending) return <p className="muted">Loading the conversation…</p>;
  if (conversation.isError) return <LoadError what="the conversation" error={conversation.error} retry={() => void conversation.refetch()} />;
  return (
    <>
      {/* The editor's node shell and run colours, for the trace canvas. */}
      <style>{editorStyles}</style>
      <p><a href="/conversations">← All conversations</a></p>
      <h1>Conversation {conversation.data.externalId}</h1>
      <Header conversation={conversation.data} />
      <h2>Messages</h2>
      <Timeline conversationId={id} />
      <h2>Runs</h2>
      <Runs conversation={conversation.data} />
    </>
  );
}

function Header({ conversation }: { conversation: Conversation }) {
  const flow = useQuery({ queryKey: ['flow', conversation.flowId], queryFn: () => getFlow(conversation.flowId) });
  return (
    <dl className="facts">
      <dt>Flow</dt>
      <dd><a href={`/flows/${conversation.flowId}`}>{flow.data?.name ?? conversation.flowId}</a></dd>
      <dt>Channel</dt>
      <dd>{conversation.channel}</dd>
      <dt>External id</dt>
      <dd>{conversation.externalId}</dd>
      <dt>User</dt>
      <dd>{conversation.userId ?? <span className="muted">none</span>}</dd>
      <dt>Status</dt>
      <dd><span className={`status status-${conversation.status}`}>{conversation.status}</span></dd>
      <dt>Waiting at</dt>
      <dd>{conversation.waitingNodeId ?? <span className="muted">not waiting</span>}</dd>
      <dt>Started</dt>
      <dd>{timeFormat.format(new Date(conversation.createdAt))}</dd>
      <dt>Updated</dt>
      <dd>{timeFormat.format(new Date(conversation.updatedAt))}</dd>
    </dl>
  );
}

function Runs({ conversation }: { conversation: Conversation }) {
  const runs = useQuery({ queryKey: ['runs', conversation.id], queryFn: () => listRuns(conversation.id) });
  if (runs.isPending) return <p className="muted">Loading the runs…</p>;
  if (runs.isError) return <LoadError what="the runs" error={runs.error} retry={() => void runs.refetch()} />;
  if (runs.data.items.length === 0) return <p className="muted">No runs yet.</p>;
  // Newest first, and open: the run an operator looks for is nearly always the latest.
  const newestFirst = runs.data.items.toReversed();
  return (
    <ol className="runs" aria-label="Runs">
      {newestFirst.map((run, index) => (
        <RunTrace key={run.id} run={run} flowId={conversation.flowId} defaultOpen={index === 0} />
      ))}
    </ol>
  );
}
