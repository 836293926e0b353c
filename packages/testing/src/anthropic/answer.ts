import { countTokens } from '../openai/tokens.ts';
import { contentText, type MessagesRequest } from './request.ts';
import { placeholderInput } from './tool-input.ts';
import type { ScriptedResponse, StopReason } from './types.ts';

export type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

/** The assistant's turn, before it is shaped as a message or as stream events. */
export interface Answer {
  content: ContentBlock[];
  stopReason: StopReason;
  usage: { input_tokens: number; output_tokens: number };
}

/**
 * The scripted answer; else a tool_use of the tool that tool_choice forces (`{ type: 'tool' }`, or the
 * first tool for `{ type: 'any' }`); else an echo of the last user turn, cut to max_tokens words.
 */
export function answerFor(request: MessagesRequest, scripted: ScriptedResponse, nextToolUseId: () => string): Answer {
  const toolUses = (scripted.toolUses ?? forcedToolUse(request)).map((use): ContentBlock => ({ type: 'tool_use', id: nextToolUseId(), name: use.name, input: use.input ?? {} }));
  let text = scripted.content ?? (toolUses.length === 0 ? `Echo: ${lastUserText(request)}` : '');
  let cut = false;
  if (scripted.content === undefined && countTokens(text) > request.max_tokens) {
    text = text.split(/\s+/).filter((word) => word !== '').slice(0, request.max_tokens).join(' ');
    cut = true;
  }
  // A tool-only turn has no text block at all, as Claude sends it.
  const textBlocks: ContentBlock[] = text === '' && toolUses.length > 0 ? [] : [{ type: 'text', text }];
  const content = [...textBlocks, ...toolUses];
  const counted = { input_tokens: countTokens(promptText(request)), output_tokens: countTokens(content.map(blockText).join(' ')) };
  return {
    content,
    stopReason: scripted.stopReason ?? (toolUses.length > 0 ? 'tool_use' : cut ? 'max_tokens' : 'end_turn'),
    usage: scripted.usage ?? counted,
  };
}

function forcedToolUse(request: MessagesRequest): { name: string; input: unknown }[] {
  const choice = request.tool_choice;
  const tools = request.tools ?? [];
  const forced = choice?.type === 'tool' ? tools.find((tool) => tool.name === choice.name) : choice?.type === 'any' ? tools[0] : undefined;
  return forced === undefined ? [] : [{ name: forced.name, input: placeholderInput(forced.input_schema) }];
}

function lastUserText(request: MessagesRequest): string {
  const last = request.messages.findLast((message) => message.role === 'user');
  return last === undefined ? '' : contentText(last.content);
}

/** Everything in front of the model, for input_tokens: the system prompt and every turn (tool definitions are not counted). */
function promptText(request: MessagesRequest): string {
  const system = typeof request.system === 'string' ? request.system : (request.system ?? []).map((part) => part.text).join(' ');
  return [system, ...request.messages.map((message) => contentText(message.content))].join(' ');
}

function blockText(block: ContentBlock): string {
  return block.type === 'text' ? block.text : `${block.name} ${JSON.stringify(block.input)}`;
}
