import { ConversationList } from './conversation-list.tsx';

export default function ConversationsPage() {
  return (
    <div className="console">
      <h1>Conversations</h1>
      <ConversationList />
    </div>
  );
}
