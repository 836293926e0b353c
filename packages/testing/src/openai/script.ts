import { scriptedErrorReply } from './errors.ts';
import type { JsonReply } from '../reply.ts';
import type { ScriptedResponse } from './types.ts';

/** The parts of a scripted response every endpoint honours: its headers and its delay. */
export function timingOf(scripted: ScriptedResponse): { headers?: Record<string, string>; delayMs?: number } {
  return { headers: scripted.headers, delayMs: scripted.delayMs };
}

/** The error a scripted status asks for, or undefined when the script lets the request succeed. */
export function scriptedFailure(scripted: ScriptedResponse): JsonReply | undefined {
  if (scripted.status === undefined || scripted.status < 400) return undefined;
  return { ...scriptedErrorReply(scripted.status, scripted.content), ...timingOf(scripted) };
}
