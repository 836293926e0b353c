/** What `readDownload` may be told to fetch: the URL, headers, a byte cap and how to name it in errors. */
export interface DownloadRequest {
  url: string;
  headers?: Record<string, string>;
  maxBytes: number;
  /** How errors name the file: never the URL itself, which may carry a token (Telegram's does). */
  label: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Fetches a platform file's bytes with a time limit and a byte cap applied while streaming, so a huge
 * file is refused before it fills memory.
 */
export async function readDownload(request: DownloadRequest): Promise<{ bytes: Uint8Array; contentType: string | undefined }> {
  const signals = [AbortSignal.timeout(request.timeoutMs ?? 60_000), ...(request.signal ? [request.signal] : [])];
  const response = await fetch(request.url, { headers: request.headers ?? {}, redirect: 'follow', signal: AbortSignal.any(signals) }).catch((error: unknown) => {
    throw new Error(`cannot download ${request.label}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`cannot download ${request.label}: the platform answered HTTP ${response.status}`);
  }
  const tooLarge = () => new Error(`${request.label} is larger than ${megabytes(request.maxBytes)} MB, more than this channel downloads`);
  if (Number(response.headers.get('content-length') ?? '0') > request.maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  if (!response.body) return { bytes: new Uint8Array(0), contentType };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > request.maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, contentType };
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}
