'use client';

import { useState, type JSX } from 'react';
import { relativeTime } from '../relative-time.ts';
import { errorMessage, testChannel, type Bot, type Channel } from './api.ts';
import { isWebhookMode, platformLabel, platformOf } from './platforms.ts';
import { StatusBadge } from './status-badge.tsx';
import { WebhookUrl } from './webhook-url.tsx';

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Columns of the channel table, for the detail row that spans them. */
export const COLUMNS = 7;

type TestResult = { kind: 'testing' } | { kind: 'ok'; bot: Bot } | { kind: 'failed'; message: string };

interface Props {
  channel: Channel;
  /** When the list was last loaded, for "2 minutes ago". */
  now: Date;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}

function botName(bot: Bot): string {
  return bot.username === undefined ? `bot ${bot.id}` : `@${bot.username}`;
}

function When({ iso, now }: { iso: string; now: Date }): JSX.Element {
  const date = new Date(iso);
  return <time dateTime={iso} title={exactFormat.format(date)}>{relativeTime(date, now)}</time>;
}

/** One channel: its binding and status, and below it (when there is one) its webhook URL and the last test's result. */
export function ChannelRow({ channel, now, onEdit, onDelete }: Props): JSX.Element {
  // A test's result belongs to the channel as it was then: a change hides it.
  const [tested, setTested] = useState<{ version: string; result: TestResult } | null>(null);
  const test = tested?.version === channel.updatedAt ? tested.result : null;
  const setTest = (result: TestResult) => { setTested({ version: channel.updatedAt, result }); };
  const { status } = channel;
  const platform = platformOf(channel.type);
  const webhook = platform !== undefined && isWebhookMode(channel.type, channel.config);
  // An error the channel has recovered from stays visible, but no longer in red.
  const troubled = status.state === 'error' || status.state === 'disconnected';

  const runTest = () => {
    setTest({ kind: 'testing' });
    testChannel(channel.id).then(
      (bot) => { setTest({ kind: 'ok', bot }); },
      (failure: unknown) => { setTest({ kind: 'failed', message: errorMessage(failure) }); },
    );
  };

  return (
    <>
      <tr data-channel-id={channel.id}>
        <td>{channel.name}</td>
        <td>{platformLabel(channel.type)}</td>
        <td>
          {channel.flowId === null ? <span className="muted nowrap">no flow</span> : <a href={`/flows/${channel.flowId}`}>{channel.flowName ?? channel.flowId}</a>}
          {channel.personaName !== null && <div className="muted">as <a href="/personas">{channel.personaName}</a></div>}
        </td>
        <td>
          <StatusBadge state={status.state} />
          {status.bot && <div className="bot">{botName(status.bot)}</div>}
        </td>
        <td>{status.lastEventAt === undefined ? <span className="muted nowrap">none yet</span> : <When iso={status.lastEventAt} now={now} />}</td>
        <td className="last-error">
          {status.lastError === undefined ? (
            <span className="muted">none</span>
          ) : (
            <>
              <span className={troubled ? 'error' : 'muted'}>{status.lastError}</span>
              {status.lastErrorAt !== undefined && <> <span className="muted">(<When iso={status.lastErrorAt} now={now} />)</span></>}
            </>
          )}
        </td>
        <td className="row-actions">
          <button type="button" onClick={runTest} disabled={test?.kind === 'testing'} title={`Check the credential of ${channel.name} with ${platformLabel(channel.type)}`}>
            {test?.kind === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" onClick={() => { onEdit(channel); }} title={`Edit ${channel.name}`}>Edit</button>
          <button type="button" className="danger" onClick={() => { onDelete(channel); }} title={`Delete ${channel.name}`}>Delete</button>
        </td>
      </tr>
      {(webhook || (test !== null && test.kind !== 'testing')) && (
        <tr className="channel-detail" aria-label={`${channel.name} details`}>
          <td colSpan={COLUMNS}>
            {test?.kind === 'ok' && <p role="status" className="test-ok">Connected as {botName(test.bot)}</p>}
            {test?.kind === 'failed' && <p role="alert" className="error">Test failed: {test.message}</p>}
            {webhook && <WebhookUrl path={channel.webhookPath} help={platform.webhookHelp} />}
          </td>
        </tr>
      )}
    </>
  );
}
