export { journalKey } from './journal.ts';
export { runTurn } from './turn.ts';
export { DEFAULT_LIMITS, emptyConversationState } from './types.ts';
export type {
  ConversationState,
  EngineDeps,
  EngineEvent,
  JournalEntry,
  NodeSnapshot,
  ReplyRecord,
  RunLimits,
  RunSnapshot,
  SpanRecord,
  TurnInput,
  TurnOutcome,
  TurnStatus,
  WaitingPoint,
} from './types.ts';
