import { adminStyles } from '../admin-styles.ts';
import { ChannelList } from './channel-list.tsx';
import { channelStyles } from './channel-styles.ts';

export default function ChannelsPage() {
  return (
    <div className="admin">
      <style>{adminStyles}</style>
      <style>{channelStyles}</style>
      <h1>Channels</h1>
      <p className="muted">A channel connects a bot on a messaging platform to a flow: its messages start the flow, and the flow&apos;s replies go back to the chat.</p>
      <ChannelList />
    </div>
  );
}
