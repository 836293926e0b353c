import { ConversationDetail } from './conversation-detail.tsx';

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="console console-detail">
      <ConversationDetail id={id} />
    </div>
  );
}
