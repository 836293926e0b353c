import type { JSX } from 'react';
import type { ChannelState } from './api.ts';

const MEANING: Record<ChannelState, string> = {
  unbound: 'Bound to no flow: the channel does not run.',
  starting: 'Starting: checking the credential with the platform.',
  listening: 'Waiting for the platform to deliver messages to the webhook.',
  connected: 'Connected: receiving messages.',
  disconnected: 'The connection was lost; the server reconnects by itself.',
  error: 'The channel cannot run: see the last error.',
};

/** The channel's state as a coloured badge; the tooltip says what it means. */
export function StatusBadge({ state }: { state: ChannelState }): JSX.Element {
  return <span className={`state state-${state}`} title={MEANING[state]} data-testid="channel-state">{state}</span>;
}
