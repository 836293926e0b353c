export { CAPABILITIES, type ChannelCapabilities, type Platform } from './capabilities.ts';
export { markdownBlocks, renderMarkdown, type Dialect } from './format.ts';
export {
  conversationKey,
  deliveryKey,
  parseCommand,
  parseConversationKey,
  type Attachment,
  type AttachmentKind,
  type ChannelChat,
  type ChannelUser,
  type ChatKind,
  type Command,
  type ConversationAddress,
  type InboundChannelMessage,
  type Mention,
} from './message.ts';
export { readDownload, type DownloadRequest } from './download.ts';
export { cut, splitMessage } from './split.ts';
export { decideWake, MemoryRateLimiter, WakeRules, type BotIdentity, type Ignored, type RateLimiter, type WakeDecision } from './wake.ts';
export {
  OutboundExtras,
  outboundExtras,
  type ChannelAdapter,
  type ChannelContext,
  type DownloadedFile,
  type HttpDelivery,
  type IngressResult,
  type ListenHandlers,
  type ReplyTarget,
  type SentMessage,
} from './adapter.ts';
