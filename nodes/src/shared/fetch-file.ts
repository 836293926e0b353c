import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a reply's file URL must not reach: a model or a user's text decides that URL, and the server
 * would fetch it from inside the network (cloud metadata, admin ports, the database).
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 3]] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(network, prefix, 'ipv6');

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export interface FetchFileOptions {
  maxBytes: number;
  timeoutMs?: number;
  /** Let files come from loopback and private networks (a local test server, an intranet). */
  allowPrivate?: boolean;
  signal?: AbortSignal;
}

/** The URL without its query, for messages: signed query strings are secrets. */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Fetches a reply's file by URL: http(s) only, public addresses only (unless allowed), no redirects
 * (they could lead inside), a time limit and a byte cap while streaming, not after.
 */
export async function fetchFile(address: string, options: FetchFileOptions): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error('the file address is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`cannot fetch ${url.protocol} addresses: give an http(s) URL`);
  if (options.allowPrivate !== true) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
    if (addresses.some(isPrivate)) throw new Error(`refusing to fetch ${shown(url)}: ${url.hostname} is a private or local address`);
  }
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.any(signals) }).catch((error: unknown) => {
    throw new Error(`cannot fetch ${shown(url)}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!response.ok) throw new Error(`cannot fetch ${shown(url)}: HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? '0') > options.maxBytes || !response.body) {
    if (response.body) await response.body.cancel();
    else return Buffer.alloc(0);
    throw new Error(`the file ${shown(url)} is larger than ${options.maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw new Error(`the file ${shown(url)} is larger than ${options.maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
