'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { listMessages, timeFormat } from '../api.ts';
import { LoadError } from '../query-state.tsx';

/** The messages in the order they were recorded: the user's on the left, the bot's on the right. */
export function Timeline({ conversationId }: { conversationId: string }) {
  const messages = useInfiniteQuery({
    queryKey: ['messages', conversationId],
    queryFn: ({ pageParam }: { pageParam: string | null }) => listMessages(conversationId, pageParam),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (messages.isPending) return <p className="muted">Loading the messages…</p>;
  if (messages.isError) return <LoadError what="the messages" error={messages.error} retry={() => void messages.refetch()} />;
  const items = messages.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <>
      <ol className="timeline" aria-label="Messages">
        {items.map((message) => (
          <li key={message.id} className={`bubble bubble-${message.direction}`} aria-label={message.direction === 'in' ? 'From the user' : 'From the bot'}>
            {message.text}
            <time dateTime={message.createdAt}>{timeFormat.format(new Date(message.createdAt))}</time>
          </li>
        ))}
      </ol>
      {messages.hasNextPage ? (
        <button type="button" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>Load later messages</button>
      ) : null}
    </>
  );
}
