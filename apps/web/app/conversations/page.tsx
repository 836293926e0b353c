import { Suspense } from 'react';
import { ConversationList } from './conversation-list.tsx';

export default function ConversationsPage() {
  return (
    <div className="console">
      <h1>Conversations</h1>
      {/* The list reads its filters from the URL, which is only known in the browser. */}
      <Suspense fallback={<p className="muted" role="status">Loading conversations…</p>}>
        <ConversationList />
      </Suspense>
    </div>
  );
}
