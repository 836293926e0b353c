import type { Dialect } from './format.ts';

/** What a platform can show, so a flow's reply is rendered, split and sent in the best way it allows. */
export interface ChannelCapabilities {
  dialect: Dialect;
  /** Longest text message, in UTF-16 units; longer replies are split. */
  maxTextLength: number;
  /** Longest caption under a photo or file; a longer one is sent as a message after it. */
  maxCaptionLength: number;
  images: boolean;
  files: boolean;
  voice: boolean;
  /** Buttons (inline keyboards, Block Kit buttons, quick replies) under a message. */
  buttons: boolean;
  /** A "typing…" indicator while a turn runs. */
  typing: boolean;
  /** A sent message can be edited, so a streamed answer grows in place. */
  editInPlace: boolean;
  /** Replies can go into a thread of the message they answer. */
  threads: boolean;
}

/** The platforms' documented limits (Telegram: 4096 per message, 1024 per caption; Slack: 4000 advised per message). */
export const CAPABILITIES = {
  telegram: { dialect: 'telegram-html', maxTextLength: 4096, maxCaptionLength: 1024, images: true, files: true, voice: true, buttons: true, typing: true, editInPlace: true, threads: true },
  slack: { dialect: 'slack-mrkdwn', maxTextLength: 4000, maxCaptionLength: 4000, images: true, files: true, voice: false, buttons: true, typing: false, editInPlace: true, threads: true },
  webchat: { dialect: 'markdown', maxTextLength: 100_000, maxCaptionLength: 100_000, images: true, files: true, voice: true, buttons: true, typing: true, editInPlace: true, threads: false },
  webhook: { dialect: 'markdown', maxTextLength: 1_000_000, maxCaptionLength: 1_000_000, images: true, files: true, voice: true, buttons: true, typing: false, editInPlace: false, threads: false },
} as const satisfies Record<string, ChannelCapabilities>;

export type Platform = keyof typeof CAPABILITIES;
