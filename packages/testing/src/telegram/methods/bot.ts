import { z } from 'zod';
import type { Handler } from '../context.ts';
import { badRequest } from '../errors.ts';
import { chatIdParam } from './outgoing.ts';

export const getMe: Handler = (_params, context) => context.store.bot;

const commandList = z.array(z.looseObject({ command: z.string(), description: z.string() }));

/** Commands are kept per scope and language, as Telegram does. */
function commandsKey(params: Parameters<Handler>[0]): string {
  const scope = params.json('scope', 'bot command scope') ?? { type: 'default' };
  return `${JSON.stringify(scope)}|${params.string('language_code') ?? ''}`;
}

export const setMyCommands: Handler = (params, context) => {
  const parsed = commandList.safeParse(params.json('commands', 'commands'));
  if (!parsed.success) throw badRequest("can't parse commands JSON object");
  for (const { command, description } of parsed.data) {
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.length < 1 || description.length > 256) throw badRequest('command description must be non-empty');
  }
  context.store.commands.set(commandsKey(params), parsed.data.map(({ command, description }) => ({ command, description })));
  return true;
};

export const getMyCommands: Handler = (params, context) => context.store.commands.get(commandsKey(params)) ?? [];

export const deleteMyCommands: Handler = (params, context) => {
  context.store.commands.delete(commandsKey(params));
  return true;
};

/** getChat answers a ChatFullInfo: the chat plus the fields Telegram always includes. */
export const getChat: Handler = (params, context) => {
  const chat = context.store.chat(chatIdParam(params));
  return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false } };
};
