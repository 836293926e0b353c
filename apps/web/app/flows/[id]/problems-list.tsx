'use client';

import { memo } from 'react';
import type { Problem } from './api.ts';

interface ProblemsListProps {
  problems: readonly Problem[];
  /** False until the opened flow has been checked once (just after it paints). */
  checked: boolean;
  onSelect: (nodeId: string) => void;
}

/** Every problem the compiler finds; clicking one that names a node selects that node. */
export const ProblemsList = memo(function ProblemsList({ problems, checked, onSelect }: ProblemsListProps) {
  return (
    <section className="sb-problems" aria-label="Problems">
      <h3>Problems{checked ? ` (${problems.length})` : ''}</h3>
      {!checked ? (
        <p className="muted">Checking the flow…</p>
      ) : problems.length === 0 ? (
        <p className="muted">No problems: the flow compiles.</p>
      ) : (
        <ul>
          {problems.map((problem, index) => {
            const { nodeId } = problem;
            return (
              <li key={`${index}-${problem.message}`}>
                {nodeId === undefined ? (
                  problem.message
                ) : (
                  <button type="button" className="link" onClick={() => { onSelect(nodeId); }}>
                    {problem.message}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
});
