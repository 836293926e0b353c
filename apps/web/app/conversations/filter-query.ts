import { filterKeys, type ConversationFilter } from './api.ts';

export const noFilter: ConversationFilter = { flowId: '', status: '', channel: '', userId: '', text: '', from: '', to: '' };

/** The filters a page URL carries; unknown parameters are ignored, missing ones are no filter. */
export function filterFromQuery(query: { get(name: string): string | null }): ConversationFilter {
  const filter = { ...noFilter };
  for (const key of filterKeys) filter[key] = query.get(key) ?? '';
  return filter;
}

/** `?flowId=…&from=…` with only the filters in use, or '' for none: the address of this view of the list. */
export function filterQuery(filter: ConversationFilter): string {
  const query = new URLSearchParams();
  for (const key of filterKeys) if (filter[key] !== '') query.set(key, filter[key]);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function isFiltered(filter: ConversationFilter): boolean {
  return filterKeys.some((key) => filter[key] !== '');
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An instant as a `datetime-local` input shows it, in the browser's zone, to the minute; '' when it is no date. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A `datetime-local` value (the browser's zone, to the minute) as the instant the API takes. `to` covers
 * its whole minute, so "to 14:05" keeps a conversation last active at 14:05:30.
 */
export function fromLocalInput(local: string, edge: 'from' | 'to'): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return '';
  const start = new Date(local).getTime(); // no zone in the text: read as local time
  if (Number.isNaN(start)) return '';
  return new Date(edge === 'to' ? start + 59_999 : start).toISOString();
}
