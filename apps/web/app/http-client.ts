// The browser's one way to call the REST API: every error answer becomes an ApiError, every 2xx body is checked against a schema.
import { z } from 'zod';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

const ErrorBody = z.object({ error: z.object({ message: z.string(), details: z.unknown().optional() }) });

/** The ApiError for a non-2xx answer: the server's message and details when the body has them. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const error = ErrorBody.safeParse(await response.json().catch(() => null));
  return error.success
    ? new ApiError(response.status, error.data.error.message, error.data.error.details)
    : new ApiError(response.status, `${response.status} ${response.statusText}`, undefined);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) throw await apiErrorOf(response);
  return response;
}

/** Calls `path` and returns its JSON body, checked against `schema`. */
export async function requestJson<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init);
  const body: unknown = await response.json().catch(() => null);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`the server answered ${path} in an unexpected shape: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** Calls `path` for an answer without a body worth reading (204 No Content). */
export async function requestOk(path: string, init: RequestInit = {}): Promise<void> {
  await send(path, init);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
