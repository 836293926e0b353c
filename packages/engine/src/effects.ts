import type { ChatTurn, OutboundMessage } from '@switchboard/flow-schema';
import { storedRecord, storedValue } from './stored.ts';
import type { TurnState } from './turn-state.ts';
import type { JournalEntry } from './types.ts';

/**
 * What one attempt of a node changes (replies, variables, memory), held back until the attempt
 * succeeds, so a failed attempt that is retried leaves nothing behind.
 */
export class Effects {
  private readonly turn: TurnState;
  private varChanges: Record<string, unknown> | undefined;
  /**
   * Memory changes as operations, not as a copy: nodes running in parallel each commit their own
   * appends onto whatever memory is by then, so one node's commit never erases another's.
   */
  private cleared = false;
  private readonly appended: ChatTurn[] = [];
  readonly replies: OutboundMessage[] = [];

  constructor(turn: TurnState) {
    this.turn = turn;
  }

  get vars(): Readonly<Record<string, unknown>> {
    return this.varChanges ? { ...this.turn.vars, ...this.varChanges } : this.turn.vars;
  }

  setVar(name: string, value: unknown): void {
    this.varChanges ??= {};
    this.varChanges[name] = value;
  }

  readMemory(limit?: number): readonly ChatTurn[] {
    const memory = this.cleared ? this.appended : [...this.turn.memory, ...this.appended];
    return limit === undefined ? memory : memory.slice(-limit);
  }

  appendMemory(turns: ChatTurn[]): void {
    this.appended.push(...turns);
  }

  clearMemory(): void {
    this.cleared = true;
    this.appended.length = 0;
  }

  /** The changes a journal entry keeps, as JSON: what a replay hands to `replayed` to commit them again. */
  record(): JournalEntry['effects'] {
    return {
      // A variable set to undefined stays set: null survives JSON, undefined would vanish.
      ...(this.varChanges ? { vars: storedRecord(Object.fromEntries(Object.entries(this.varChanges).map(([name, value]) => [name, value ?? null]))) } : {}),
      ...(this.cleared ? { clearedMemory: true } : {}),
      ...(this.appended.length > 0 ? { appendedMemory: this.appended.map(({ role, content }) => ({ role, content })) } : {}),
      ...(this.replies.length > 0
        ? { replies: this.replies.map(({ text, data }) => ({ text, ...(data === undefined ? {} : { data: storedValue(data) }) })) }
        : {}),
    };
  }

  /** The changes of a journal entry, ready to commit exactly as the node's first execution did. */
  static replayed(turn: TurnState, recorded: JournalEntry['effects']): Effects {
    const effects = new Effects(turn);
    if (recorded.vars) effects.varChanges = { ...recorded.vars };
    effects.cleared = recorded.clearedMemory ?? false;
    if (recorded.appendedMemory) effects.appended.push(...recorded.appendedMemory);
    if (recorded.replies) effects.replies.push(...recorded.replies);
    return effects;
  }

  commit(nodeId: string, iteration: string | undefined): void {
    if (this.varChanges) Object.assign(this.turn.vars, this.varChanges);
    if (this.cleared || this.appended.length > 0) {
      this.turn.memory = this.cleared ? [...this.appended] : [...this.turn.memory, ...this.appended];
      this.turn.trimMemory();
    }
    this.replies.forEach((reply, index) => {
      this.turn.addReply(nodeId, iteration, index, reply.text, reply.data);
    });
  }
}
