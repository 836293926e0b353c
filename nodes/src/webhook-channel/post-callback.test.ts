import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { freePort } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postCallback, retryAfterMs, type CallbackPost } from './post-callback.ts';

let server: Server;
let base: string;
/** Statuses to answer with, in order; then 200. */
let script: { status: number; headers?: Record<string, string> }[] = [];
let hits: { at: number; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      hits.push({ at: Date.now(), body });
      const answer = script.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  base = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  script = [];
  hits = [];
});

function post(overrides: Partial<CallbackPost> = {}): CallbackPost {
  return { url: `${base}/hook`, body: '{"text":"hi"}', headers: () => ({ 'content-type': 'application/json' }), maxAttempts: 3, timeoutMs: 2000, backoffMs: () => 10, ...overrides };
}

describe('postCallback', () => {
  it('posts once when the receiver takes it', async () => {
    expect(await postCallback(post())).toEqual({ attempts: 1, status: 200 });
    expect(hits.map((hit) => hit.body)).toEqual(['{"text":"hi"}']);
  });

  it('retries 5xx and 408, then succeeds', async () => {
    script = [{ status: 502 }, { status: 408 }];
    expect(await postCallback(post())).toEqual({ attempts: 3, status: 200 });
  });

  it('gives up after maxAttempts with the last reason', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 503 }, { status: 200 }];
    await expect(postCallback(post())).rejects.toThrow('failed 3 times; last: it answered HTTP 503');
    expect(hits).toHaveLength(3);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    script = [{ status: 404 }];
    await expect(postCallback(post())).rejects.toThrow('refused the reply: it answered HTTP 404');
    expect(hits).toHaveLength(1);
  });

  it('waits the Retry-After of a 429, and refuses to wait longer than a minute', async () => {
    script = [{ status: 429, headers: { 'retry-after': '1' } }];
    await postCallback(post());
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    script = [{ status: 429, headers: { 'retry-after': '3600' } }];
    await expect(postCallback(post())).rejects.toThrow(/asked to wait 3600 s/);
  });

  it('retries when the receiver cannot be reached, and stops at once when aborted', async () => {
    const closed = await freePort();
    await expect(postCallback(post({ url: `http://127.0.0.1:${closed}/hook`, maxAttempts: 2 }))).rejects.toThrow(/failed 2 times; last: cannot reach it \(ECONNREFUSED\)/);
    const controller = new AbortController();
    script = [{ status: 500 }];
    const pending = postCallback(post({ backoffMs: () => 5000, signal: controller.signal }));
    await expect.poll(() => hits.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
