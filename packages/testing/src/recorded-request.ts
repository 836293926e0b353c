/** One request a protocol fake received, as tests read it back. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  /**
   * The parsed JSON body; for multipart, the text fields with each file as `{ name, size, type }`;
   * the raw text when it is neither; undefined when empty.
   */
  body: unknown;
}
