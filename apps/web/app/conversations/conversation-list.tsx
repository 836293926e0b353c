'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation.js';
import { listConversations, listFlows, timeFormat, type Conversation, type ConversationFilter } from './api.ts';
import { filterFromQuery, filterQuery, isFiltered, noFilter } from './filter-query.ts';
import { Filters } from './filters.tsx';
import { LoadError } from './query-state.tsx';

/** Every conversation, newest first, a page at a time; the filters live in the URL, so a view can be shared and gone back to. */
export function ConversationList() {
  const router = useRouter();
  const filter = filterFromQuery(useSearchParams());
  const query = filterQuery(filter);
  const setFilter = (next: ConversationFilter) => { router.push(`/conversations${filterQuery(next)}`, { scroll: false }); };
  const clear = () => { setFilter(noFilter); };
  const conversations = useInfiniteQuery({
    queryKey: ['conversations', filter],
    queryFn: ({ pageParam }: { pageParam: string | null }) => listConversations(filter, pageParam),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const filtered = isFiltered(filter);

  return (
    <>
      {/* Keyed by the query: going back or forward shows that URL's filters in the form. */}
      <Filters key={query} value={filter} onChange={setFilter} />
      {conversations.isPending ? <p className="muted" role="status">Loading conversations…</p> : null}
      {conversations.isError ? (
        <>
          <LoadError what="the conversations" error={conversations.error} retry={() => void conversations.refetch()} />
          {filtered ? <p><button type="button" onClick={clear}>Clear filters</button></p> : null}
        </>
      ) : null}
      {conversations.isSuccess ? (
        conversations.data.pages[0]?.items.length === 0 ? (
          filtered ? (
            <p className="empty-state" role="status">
              No conversations match these filters.
              <button type="button" onClick={clear}>Clear filters</button>
            </p>
          ) : (
            <p role="status">No conversations yet: chat with a published flow.</p>
          )
        ) : (
          <>
            <ConversationTable conversations={conversations.data.pages.flatMap((page) => page.items)} />
            {conversations.hasNextPage ? (
              <button type="button" disabled={conversations.isFetchingNextPage} onClick={() => void conversations.fetchNextPage()}>
                {conversations.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}

function ConversationTable({ conversations }: { conversations: Conversation[] }) {
  const flows = useQuery({ queryKey: ['flows'], queryFn: listFlows });
  const flowName = new Map(flows.data?.items.map((flow) => [flow.id, flow.name]));
  return (
    <table>
      <thead>
        <tr><th>Conversation</th><th>Flow</th><th>Channel</th><th>User</th><th>Status</th><th>Last active</th></tr>
      </thead>
      <tbody>
        {conversations.map((conversation) => (
          <tr key={conversation.id}>
            <td><a href={`/conversations/${conversation.id}`}>{conversation.externalId}</a></td>
            <td>{flowName.get(conversation.flowId) ?? <span className="muted">{conversation.flowId}</span>}</td>
            <td>{conversation.channel}</td>
            <td>{conversation.userId ?? <span className="muted">none</span>}</td>
            <td><span className={`status status-${conversation.status}`}>{conversation.status}</span></td>
            <td>{timeFormat.format(new Date(conversation.updatedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
