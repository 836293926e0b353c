'use client';

import type { Problem } from './api.ts';

/** Every problem the compiler finds; clicking one that names a node selects that node. */
export function ProblemsList({ problems, onSelect }: { problems: readonly Problem[]; onSelect: (nodeId: string) => void }) {
  return (
    <section className="sb-problems" aria-label="Problems">
      <h3>Problems ({problems.length})</h3>
      {problems.length === 0 ? (
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
}
