import { compileFlow } from '@switchboard/compiler';
import type { FlowDocument, NodeRegistry } from '@switchboard/flow-schema';
import { useEffect, useState } from 'react';
import type { Problem } from './api.ts';

const DEBOUNCE_MS = 200;

function check(doc: FlowDocument, registry: NodeRegistry): Problem[] {
  const result = compileFlow(doc, registry);
  return result.ok ? [] : result.problems;
}

/**
 * The compiler's problems with the document, recomputed shortly after each change. Stored credentials
 * are not checked here: this server has no credentials API yet, so publish checks them.
 */
export function useValidation(doc: FlowDocument, registry: NodeRegistry): Problem[] {
  const [problems, setProblems] = useState<Problem[]>(() => check(doc, registry));
  useEffect(() => {
    const timer = setTimeout(() => { setProblems(check(doc, registry)); }, DEBOUNCE_MS);
    return () => { clearTimeout(timer); };
  }, [doc, registry]);
  return problems;
}
