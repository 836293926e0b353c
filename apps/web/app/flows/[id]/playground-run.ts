import type { PlaygroundLine, PlaygroundSpan } from './playground-api.ts';

/** How a node looks on the canvas during and after a playground run. */
export type RunMark = 'running' | 'ok' | 'error' | 'waiting';

export interface RunView {
  marks: ReadonlyMap<string, RunMark>;
  spans: readonly PlaygroundSpan[];
  /** Once the run is over, nodes without a mark were skipped (shown dimmed). */
  finished: boolean;
}

export const NO_RUN: RunView = { marks: new Map(), spans: [], finished: false };

/** The run view after one streamed line. */
export function applyLine(view: RunView, line: PlaygroundLine): RunView {
  switch (line.type) {
    case 'node.started':
      return { ...view, marks: new Map(view.marks).set(line.nodeId, 'running') };
    case 'node.finished':
      return { ...view, marks: new Map(view.marks).set(line.nodeId, line.status === 'suspended' ? 'waiting' : line.status) };
    case 'result':
      return { ...view, spans: line.spans, finished: true };
    case 'token':
    case 'reply':
    case 'error':
      return view;
  }
}

/** The canvas class of a node in this run, if any. */
export function runClass(view: RunView, nodeId: string): string | undefined {
  const mark = view.marks.get(nodeId);
  if (mark) return `sb-run-${mark}`;
  return view.finished ? 'sb-run-skipped' : undefined;
}
