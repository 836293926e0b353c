import type { Store } from './store.ts';
import type { Chat, User } from './types.ts';

/** A Telegram user who may talk to the bot. */
export function createUser(store: Store, input: { firstName?: string; lastName?: string; username?: string; languageCode?: string } = {}): User {
  const id = store.nextUserId();
  const user: User = {
    id,
    is_bot: false,
    first_name: input.firstName ?? `User ${id}`,
    ...(input.lastName === undefined ? {} : { last_name: input.lastName }),
    ...(input.username === undefined ? {} : { username: input.username }),
    language_code: input.languageCode ?? 'en',
  };
  store.users.set(id, user);
  return user;
}

/** The private chat between the user and the bot; its id is the user's id. */
export function privateChat(store: Store, user: User): Chat.PrivateChat {
  const existing = store.chats.get(user.id);
  if (existing?.type === 'private') return existing;
  if (!store.users.has(user.id)) store.users.set(user.id, user);
  const chat: Chat.PrivateChat = {
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
  store.chats.set(chat.id, chat);
  store.members.set(chat.id, new Set([user.id]));
  return chat;
}

export function createGroup(
  store: Store,
  input: { title: string; members?: User[]; type?: 'group' | 'supergroup'; username?: string },
): Chat.GroupChat | Chat.SupergroupChat {
  const type = input.type ?? 'group';
  const id = store.nextGroupId(type);
  const chat: Chat.GroupChat | Chat.SupergroupChat =
    type === 'group'
      ? { id, type: 'group', title: input.title }
      : { id, type: 'supergroup', title: input.title, ...(input.username === undefined ? {} : { username: input.username }) };
  store.chats.set(id, chat);
  store.members.set(id, new Set((input.members ?? []).map((member) => member.id)));
  for (const member of input.members ?? []) store.users.set(member.id, member);
  return chat;
}
