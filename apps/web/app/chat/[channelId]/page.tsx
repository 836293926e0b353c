import { ChatApp } from '../chat-app.tsx';

export default async function HostedChatPage({ params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  return <ChatApp channelId={channelId} />;
}
