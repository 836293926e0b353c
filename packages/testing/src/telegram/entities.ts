import type { MessageEntity } from './types.ts';

// Telegram's client-side detection, reduced to what bots react to. Offsets and lengths are in UTF-16
// code units, which is what JavaScript string indices already count.
const patterns: { type: 'bot_command' | 'mention' | 'url' | 'hashtag' | 'email'; pattern: RegExp }[] = [
  { type: 'bot_command', pattern: /(?<![\w/])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g },
  { type: 'email', pattern: /(?<![\w.@])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { type: 'mention', pattern: /(?<![\w@/])@[A-Za-z0-9_]{3,32}\b/g },
  { type: 'url', pattern: /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g },
  { type: 'hashtag', pattern: /(?<![\w#])#[\p{L}\p{N}_]+/gu },
];

/** The entities Telegram would attach to a user's text: /commands, @mentions, URLs, e-mails, #hashtags. */
export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const taken: [number, number][] = [];
  for (const { type, pattern } of patterns) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      found.push({ type, offset: start, length: end - start });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
