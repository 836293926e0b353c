'use client';

import { useId, useState, type JSX, type SyntheticEvent } from 'react';
import { createChannel, errorMessage, updateChannel, type Channel, type ChannelType } from './api.ts';
import { CredentialField } from './credential-field.tsx';
import { FlowField } from './flow-field.tsx';
import { JsonSettingsField } from './json-settings-field.tsx';
import { PersonaField } from './persona-field.tsx';
import { configOf, isWebhookMode, parseConfigText, platformLabel, platformOf, settingsOf, type ParsedConfig, type Settings } from './platforms.ts';
import { SettingsFields } from './settings-fields.tsx';
import { WebhookUrl } from './webhook-url.tsx';

interface Props {
  /** The platforms the server can connect, from the channel list's answer. */
  types: readonly ChannelType[];
  /** The channel to change; a new one when absent. */
  channel?: Channel;
  onSaved: (channel: Channel) => void;
  onCancel: () => void;
}

/**
 * A new channel, or changes to one: platform (fixed once created), name, flow, credential and the
 * platform's settings. The fields belong to the form through their `form` attribute, so the inline
 * "New credential" form can sit among them without nesting one form in another.
 */
export function ChannelForm({ types, channel, onSaved, onCancel }: Props): JSX.Element {
  const id = useId();
  const formId = `${id}-form`;
  const [type, setType] = useState(channel?.type ?? types[0]?.type ?? '');
  const [name, setName] = useState(channel?.name ?? '');
  const [flowId, setFlowId] = useState(channel?.flowId ?? '');
  const [credentialId, setCredentialId] = useState(channel?.credentialId ?? '');
  const [personaId, setPersonaId] = useState(channel?.personaId ?? '');
  const [settings, setSettings] = useState<Settings>(settingsOf(type, channel?.config ?? {}));
  const [configText, setConfigText] = useState(JSON.stringify(channel?.config ?? {}, null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const platform = platformOf(type);
  // '' for a platform that needs no credential (the web chat).
  const credentialType = types.find((entry) => entry.type === type)?.credentialType ?? '';
  const webhook = isWebhookMode(type, configOf(type, settings));
  const title = channel === undefined ? 'New channel' : `Edit ${channel.name}`;

  const chooseType = (next: string) => {
    setType(next);
    setSettings(settingsOf(next, {}));
    setConfigText('{}');
    setCredentialId(''); // a credential of the old platform's type would be refused
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const config: ParsedConfig = platform ? { ok: true, config: configOf(type, settings, channel?.config) } : parseConfigText(configText);
    if (!config.ok) { setError(config.message); return; }
    setBusy(true);
    setError(null);
    const input = { name: name.trim(), flowId: flowId === '' ? null : flowId, credentialId: credentialId === '' ? null : credentialId, personaId: personaId === '' ? null : personaId, config: config.config };
    (channel === undefined ? createChannel(type, input) : updateChannel(channel.id, input)).then(
      (saved) => { onSaved(saved); },
      (failure: unknown) => { setBusy(false); setError(errorMessage(failure)); },
    );
  };

  return (
    <section className="panel channel-form" aria-label={title}>
      <h2>{title}</h2>
      <div className="field">
        <label htmlFor={`${id}-type`}>Platform</label>
        {channel === undefined ? (
          <select id={`${id}-type`} form={formId} value={type} onChange={(event) => { chooseType(event.target.value); }}>
            {types.map((entry) => <option key={entry.type} value={entry.type}>{platformLabel(entry.type)}</option>)}
          </select>
        ) : (
          <input id={`${id}-type`} value={platformLabel(type)} readOnly aria-describedby={`${id}-type-help`} />
        )}
        {channel !== undefined && <span id={`${id}-type-help`} className="muted">A channel keeps its platform: create another channel for another one.</span>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Channel name</label>
        <input id={`${id}-name`} form={formId} value={name} required maxLength={200} placeholder="e.g. Support bot on Telegram" onChange={(event) => { setName(event.target.value); }} />
      </div>
      <FlowField form={formId} id={`${id}-flow`} value={flowId} onChange={setFlowId} />
      <PersonaField form={formId} id={`${id}-persona`} value={personaId} onChange={setPersonaId} />
      {credentialType !== '' && <CredentialField key={`credential-${credentialType}`} form={formId} id={`${id}-credential`} type={credentialType} value={credentialId} onChange={setCredentialId} />}
      {platform ? (
        <SettingsFields key={`settings-${type}`} form={formId} platform={platform} value={settings} onChange={setSettings} />
      ) : (
        <JsonSettingsField form={formId} id={`${id}-config`} type={type} value={configText} onChange={setConfigText} />
      )}
      {webhook && platform && (channel === undefined ? (
        <p className="muted">The webhook URL to give {platform.label} appears in the list once the channel is created.</p>
      ) : (
        <WebhookUrl path={channel.webhookPath} help={platform.webhookHelp} />
      ))}
      {error !== null && <p role="alert" className="error">Could not save the channel: {error}</p>}
      <form id={formId} className="list-actions" onSubmit={submit}>
        <button type="submit" className="primary" disabled={busy || type === ''}>{busy ? 'Saving…' : channel === undefined ? 'Create channel' : 'Save changes'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </form>
    </section>
  );
}
