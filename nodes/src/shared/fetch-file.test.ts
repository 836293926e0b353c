import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFile } from './fetch-file.ts';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/redirect') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return;
    }
    if (request.url === '/big') {
      // Chunked, no content-length: the cap must hold while streaming.
      response.writeHead(200);
      for (let i = 0; i < 64; i++) response.write(Buffer.alloc(1024, 1));
      response.end();
      return;
    }
    if (request.url === '/slow') return; // never answers
    response.writeHead(200, { 'content-type': 'text/plain' }).end('file bytes');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the test server has no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchFile', () => {
  it('refuses loopback, link-local, private and mapped addresses, and hides query strings', async () => {
    await expect(fetchFile(`${base}/file?token=secret`, { maxBytes: 1000 })).rejects.toThrow(/^refusing to fetch http:\/\/127\.0\.0\.1:\d+\/file: 127\.0\.0\.1 is a private or local address$/);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://localhost/x']) {
      await expect(fetchFile(url, { maxBytes: 1000 }), url).rejects.toThrow(/private or local address/);
    }
    await expect(fetchFile('file:///etc/passwd', { maxBytes: 1000 })).rejects.toThrow('give an http(s) URL');
  });

  it('fetches from a private address when allowed, and never follows a redirect', async () => {
    expect((await fetchFile(`${base}/file`, { maxBytes: 1000, allowPrivate: true })).toString()).toBe('file bytes');
    await expect(fetchFile(`${base}/redirect`, { maxBytes: 1000, allowPrivate: true })).rejects.toThrow(/cannot fetch/);
  });

  it('stops reading past the byte cap and gives up after its time limit', async () => {
    await expect(fetchFile(`${base}/big`, { maxBytes: 10_000, allowPrivate: true })).rejects.toThrow('larger than 10000 bytes');
    await expect(fetchFile(`${base}/slow`, { maxBytes: 10, allowPrivate: true, timeoutMs: 200 })).rejects.toThrow(/cannot fetch/);
  });
});
