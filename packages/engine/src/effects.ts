import type { ChatTurn, OutboundMessage } from '@switchboard/flow-schema';
import type { TurnState } from './turn-state.ts';

/**
 * What one attempt of a node changes (replies, variables, memory), held back until the attempt
 * succeeds, so a failed attempt that is retried leaves nothing behind.
 */
export class Effects {
  private readonly turn: TurnState;
  private varChanges: Record<string, unknown> | undefined;
  private memory: ChatTurn[] | undefined;
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
    const memory = this.memory ?? this.turn.memory;
    return limit === undefined ? memory : memory.slice(-limit);
  }

  appendMemory(turns: ChatTurn[]): void {
    this.memory = [...(this.memory ?? this.turn.memory), ...turns];
  }

  clearMemory(): void {
    this.memory = [];
  }

  commit(nodeId: string, iteration: string | undefined): void {
    if (this.varChanges) Object.assign(this.turn.vars, this.varChanges);
    if (this.memory) {
      this.turn.memory = this.memory;
      this.turn.trimMemory();
    }
    this.replies.forEach((reply, index) => {
      this.turn.addReply(nodeId, iteration, index, reply.text, reply.data);
    });
  }
}
