export { runTurn } from './turn.ts';
export { DEFAULT_LIMITS, emptyConversationState } from './types.ts';
export type {
  ConversationState,
  EngineDeps,
  EngineEvent,
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
