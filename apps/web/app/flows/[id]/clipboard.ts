// Copied nodes travel as the JSON text of a flow document, so they paste into any flow's editor, in this
// tab or another one, and a whole exported flow pastes too.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';

/** The last copy made in this page: used when the system clipboard cannot be read. */
let lastCopied: string | undefined;

export function fragmentText(fragment: FlowDocument): string {
  return JSON.stringify(fragment, null, 2);
}

/** The fragment the text holds, or undefined for anything that is not a flow document with nodes. */
export function parseFragment(text: string): FlowDocument | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = parseFlowDocument(json);
  return parsed.ok && parsed.value.nodes.length > 0 ? parsed.value : undefined;
}

export function rememberCopy(text: string): void {
  lastCopied = text;
}

export function lastCopy(): string | undefined {
  return lastCopied;
}
