/** Slack-looking ids and message timestamps, unique within one server. */
export interface IdSource {
  /** 'U0…', 'F0…', 'Ev0…': a prefix and an increasing base-36 number. */
  next(prefix: string): string;
  /** A message ts: unix seconds, a dot, six digits; strictly increasing like Slack's per channel. */
  ts(): string;
}

export function createIds(): IdSource {
  const counters = new Map<string, number>();
  let lastMicros = 0;
  return {
    next: (prefix) => {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}0${n.toString(36).toUpperCase().padStart(7, '0')}`;
    },
    ts: () => {
      lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
      return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
    },
  };
}
