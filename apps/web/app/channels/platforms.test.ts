import { channelAdapters } from '@switchboard/nodes/server';
import { describe, expect, it } from 'vitest';
import { configOf, isWebhookMode, parseConfigText, platformOf, settingsOf } from './platforms.ts';

describe('the channel form’s platforms', () => {
  // The page repeats the adapters' modes and defaults (their schemas live beside server code): this keeps them in step.
  const withForm = channelAdapters.filter((adapter) => platformOf(adapter.type) !== undefined);

  it('cover Telegram and Slack', () => {
    expect(withForm.map((adapter) => adapter.type)).toEqual(expect.arrayContaining(['telegram', 'slack']));
  });

  it.each(withForm.map((adapter) => [adapter.type, adapter] as const))('match the %s adapter’s config schema', (type, adapter) => {
    const platform = platformOf(type);
    // Only the fields the form edits: the server fills in the rest with their defaults.
    expect(adapter.config.parse({})).toMatchObject(configOf(type, settingsOf(type, {})));
    for (const mode of platform?.modes ?? []) expect(adapter.config.safeParse({ mode: mode.value }).success, `${type} mode ${mode.value}`).toBe(true);
  });

  it('reads a stored config, keeps what it does not edit, and falls back to the official API address', () => {
    const stored = { mode: 'webhook', apiRoot: 'http://127.0.0.1:8081', extra: 1 };
    expect(settingsOf('telegram', stored)).toEqual({ mode: 'webhook', apiUrl: 'http://127.0.0.1:8081' });
    expect(configOf('telegram', { mode: 'polling', apiUrl: '  ' }, stored)).toEqual({ mode: 'polling', apiRoot: 'https://api.telegram.org', extra: 1 });
    expect(configOf('unknown', { mode: '', apiUrl: '' }, { kept: true })).toEqual({ kept: true });
  });

  it('tells webhook modes from connections the server opens', () => {
    expect(isWebhookMode('telegram', { mode: 'webhook' })).toBe(true);
    expect(isWebhookMode('telegram', {})).toBe(false);
    expect(isWebhookMode('slack', { mode: 'events' })).toBe(true);
    expect(isWebhookMode('slack', { mode: 'socket' })).toBe(false);
  });

  it('reads the JSON settings of a platform without a form, and says what is wrong with them', () => {
    expect(parseConfigText('{"title": "Help"}')).toEqual({ ok: true, config: { title: 'Help' } });
    expect(parseConfigText('  ')).toEqual({ ok: true, config: {} });
    expect(parseConfigText('[1]')).toEqual({ ok: false, message: 'the settings must be a JSON object, like {"key": "value"}' });
    const broken = parseConfigText('{title: 1}');
    expect(broken.ok).toBe(false);
    expect(broken.ok ? '' : broken.message).toMatch(/^the settings are not valid JSON \(/);
  });
});
