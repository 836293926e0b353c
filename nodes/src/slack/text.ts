import type { BotIdentity, Mention } from '@switchboard/channels';

const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const ANGLED = /<([^<>]+)>/g;

/** The people a Slack text mentions (`<@U123>`), the bot marked. */
export function mentionsIn(text: string, bot: BotIdentity): Mention[] {
  return [...text.matchAll(USER_MENTION)].flatMap(([, userId]) => (userId === undefined ? [] : [{ userId, isBot: userId === bot.id }]));
}

/**
 * Slack's markup as plain text: links, channel references and @here become what people saw, entities
 * are decoded. User mentions stay `<@U123>`: that is how the wake rules find and remove the bot's.
 */
export function plainText(text: string): string {
  return text
    .replace(ANGLED, (whole, inner: string) => {
      if (/^@[UW][A-Z0-9]+(\|.*)?$/.test(inner)) return `<${inner.split('|')[0] ?? inner}>`;
      const [target, label] = splitOnce(inner, '|');
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0] ?? ''}`;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
      if (label === undefined || label === target) return target;
      // Slack links what people type (example.com, a@b.c): the label is what they wrote.
      if (target.endsWith(`//${label}`) || target.endsWith(`//${label}/`) || target === `mailto:${label}`) return label;
      return `${label} (${target})`;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
