import { compileFlow } from '@switchboard/compiler';
import type { FlowDocument, NodeRegistry } from '@switchboard/flow-schema';
import { useEffect, useState } from 'react';
import type { Problem } from './api.ts';

const DEBOUNCE_MS = 200;
/** The first check waits this long at most for the browser to be idle after the canvas shows. */
const FIRST_CHECK_MS = 500;
const NONE: Problem[] = [];

function check(doc: FlowDocument, registry: NodeRegistry): Problem[] {
  const result = compileFlow(doc, registry);
  return result.ok ? NONE : result.problems;
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return (
    a.length === b.length &&
    a.every((problem, index) => {
      const other = b[index];
      return other !== undefined && problem.message === other.message && problem.nodeId === other.nodeId && problem.edgeId === other.edgeId && problem.field === other.field;
    })
  );
}

/** Runs `task` once the browser has nothing more urgent to do (the first paint of a big canvas), or after `timeout` ms. */
function whenIdle(task: () => void, timeout: number): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout });
    return () => { window.cancelIdleCallback(handle); };
  }
  const timer = setTimeout(task, 0);
  return () => { clearTimeout(timer); };
}

export interface Validation {
  problems: Problem[];
  /** False until the first check has run: it waits until the canvas has painted. */
  checked: boolean;
}

/**
 * The compiler's problems with the document: first once the opened flow has painted (compiling a big
 * flow should not hold up its first paint), then shortly after each change. The same problems keep
 * the same array, so a check that finds nothing new re-renders nothing. Stored credentials are not
 * checked here: this server has no credentials API yet, so publish checks them.
 */
export function useValidation(doc: FlowDocument, registry: NodeRegistry): Validation {
  const [state, setState] = useState<{ doc: FlowDocument | undefined; problems: Problem[] }>({ doc: undefined, problems: NONE });
  const checkedDoc = state.doc;
  useEffect(() => {
    if (checkedDoc === doc) return undefined;
    const run = (): void => {
      const problems = check(doc, registry);
      setState((previous) => ({ doc, problems: sameProblems(previous.problems, problems) ? previous.problems : problems }));
    };
    if (checkedDoc === undefined) return whenIdle(run, FIRST_CHECK_MS);
    const timer = setTimeout(run, DEBOUNCE_MS);
    return () => { clearTimeout(timer); };
  }, [doc, registry, checkedDoc]);
  return { problems: state.problems, checked: checkedDoc !== undefined };
}
