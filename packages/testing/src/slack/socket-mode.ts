import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { DeliveryAttempt } from './types.ts';
import { isRecord, parseJson } from './web-request.ts';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketOutcome {
  attempts: DeliveryAttempt[];
  acked: boolean;
  /** The ack's payload (a command's response message, when the app sent one). */
  response: unknown;
}

export interface SocketModeConfig {
  appId: string;
  ackTimeoutMs: number;
  retryDelaysMs: number[];
  port: number;
}

export interface SocketModeServer {
  port: number;
  /** A fresh single-use URL, as apps.connections.open hands out. */
  issueUrl(): string;
  /** Sends an envelope (queued until an app is connected) and resolves once acked or given up. */
  send(type: EnvelopeType, payload: Record<string, unknown>, acceptsResponsePayload: boolean): Promise<SocketOutcome>;
  connections(): number;
  disconnect(reason: string): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Envelope {
  id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  acceptsResponsePayload: boolean;
  attempts: DeliveryAttempt[];
  socket: WebSocket | undefined;
  timer: NodeJS.Timeout | undefined;
  resolve(outcome: SocketOutcome): void;
}

/**
 * Slack's side of Socket Mode: `hello` on connect, envelopes the app must ack by envelope_id within the
 * ack timeout, events_api envelopes redelivered with retry_attempt / retry_reason when they are not.
 */
export async function startSocketMode(config: SocketModeConfig): Promise<SocketModeServer> {
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const tcp = new Set<Socket>();
  const pending = new Map<string, Envelope>();
  const queue: Envelope[] = [];
  const wss = new WebSocketServer({ noServer: true });
  let server: Server = listenerFor();
  server.listen(config.port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the Socket Mode test server has no TCP address');
  const port = address.port;

  function listenerFor(): Server {
    const http = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    http.on('connection', (socket) => {
      tcp.add(socket);
      socket.on('close', () => tcp.delete(socket));
    });
    http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        connected(ws);
      });
    });
    return http;
  }

  function connected(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('message', (data) => {
      acked(data);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      lost(ws);
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: sockets.size,
      debug_info: { host: 'applink-test', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: config.appId },
    }));
    for (const envelope of queue.splice(0)) dispatch(envelope);
  }

  function dispatch(envelope: Envelope): void {
    const socket = [...sockets].find((candidate) => candidate.readyState === WebSocket.OPEN);
    if (socket === undefined) {
      queue.push(envelope);
      return;
    }
    const retryNum = envelope.attempts.length;
    const previous = envelope.attempts.at(-1);
    envelope.socket = socket;
    socket.send(JSON.stringify({
      envelope_id: envelope.id,
      payload: envelope.payload,
      type: envelope.type,
      accepts_response_payload: envelope.acceptsResponsePayload,
      ...(envelope.type === 'events_api' ? { retry_attempt: retryNum, retry_reason: previous?.failure ?? '' } : {}),
    }));
    envelope.timer = setTimeout(() => {
      failed(envelope, 'timeout');
    }, config.ackTimeoutMs);
  }

  /** An attempt went unacked: events are sent again after the next retry delay, others are given up. */
  function failed(envelope: Envelope, reason: string): void {
    clearTimeout(envelope.timer);
    envelope.socket = undefined;
    envelope.attempts.push({ retryNum: envelope.attempts.length, status: undefined, failure: reason });
    const delay = envelope.type === 'events_api' ? config.retryDelaysMs[envelope.attempts.length - 1] : undefined;
    if (delay === undefined) {
      finish(envelope, { attempts: envelope.attempts, acked: false, response: undefined });
      return;
    }
    envelope.timer = setTimeout(() => {
      dispatch(envelope);
    }, delay);
  }

  function finish(envelope: Envelope, outcome: SocketOutcome): void {
    clearTimeout(envelope.timer);
    pending.delete(envelope.id);
    envelope.resolve(outcome);
  }

  function acked(data: RawData): void {
    const message = parseJson(textOf(data));
    if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
    const envelope = pending.get(message.envelope_id);
    if (envelope?.socket === undefined) return;
    const payload = isRecord(message.payload) && Object.keys(message.payload).length > 0 ? message.payload : undefined;
    envelope.attempts.push({ retryNum: envelope.attempts.length, status: undefined, failure: undefined });
    finish(envelope, { attempts: envelope.attempts, acked: true, response: payload });
  }

  function lost(ws: WebSocket): void {
    for (const envelope of pending.values()) {
      if (envelope.socket === ws) failed(envelope, 'connection_lost');
    }
  }

  const stop = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => {
      resolve();
    }));
    for (const ws of sockets) ws.terminate();
    for (const socket of tcp) socket.destroy();
    await closed;
  };

  return {
    port,
    issueUrl: () => {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${config.appId}`;
    },
    send: (type, payload, acceptsResponsePayload) =>
      new Promise((resolve) => {
        const envelope: Envelope = { id: randomUUID(), type, payload, acceptsResponsePayload, attempts: [], socket: undefined, timer: undefined, resolve };
        pending.set(envelope.id, envelope);
        dispatch(envelope);
      }),
    connections: () => [...sockets].filter((ws) => ws.readyState === WebSocket.OPEN).length,
    disconnect: (reason) => {
      for (const ws of sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-test' } }));
    },
    stop,
    start: async () => {
      if (server.listening) return;
      server = listenerFor();
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close: async () => {
      // A clean close handshake first, so a client that is shutting down too does not log a 1006 error.
      await Promise.all([...sockets].map(async (ws) => {
        const closed = once(ws, 'close');
        if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server closing');
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]);
      }));
      await stop();
      queue.length = 0;
      for (const envelope of [...pending.values()]) finish(envelope, { attempts: envelope.attempts, acked: false, response: undefined });
      wss.close();
    },
  };
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
