'use client';

import type { NodeDefinition } from '@switchboard/flow-schema';
import { memo, useMemo, useState, type DragEvent } from 'react';

/** The drag payload's type: the node type being dragged from the palette. */
export const NODE_TYPE_MIME = 'application/x-switchboard-node-type';

function groupByCategory(definitions: readonly NodeDefinition[], query: string): [string, NodeDefinition[]][] {
  const needle = query.trim().toLowerCase();
  const groups = new Map<string, NodeDefinition[]>();
  for (const definition of definitions) {
    const haystack = `${definition.title} ${definition.type} ${definition.description} ${definition.category}`.toLowerCase();
    if (needle && !haystack.includes(needle)) continue;
    groups.set(definition.category, [...(groups.get(definition.category) ?? []), definition]);
  }
  return [...groups];
}

function startDrag(event: DragEvent<HTMLElement>, type: string): void {
  event.dataTransfer.setData(NODE_TYPE_MIME, type);
  event.dataTransfer.effectAllowed = 'move';
}

/** Every node type, grouped by category; drag one onto the canvas to add it. */
export const Palette = memo(function Palette({ definitions }: { definitions: readonly NodeDefinition[] }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupByCategory(definitions, query), [definitions, query]);
  return (
    <aside className="sb-palette" aria-label="Node palette">
      <input type="search" placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(event) => { setQuery(event.target.value); }} />
      {groups.length === 0 && <p className="muted">No node matches “{query}”.</p>}
      {groups.map(([category, items]) => (
        <section key={category}>
          <h3>{category}</h3>
          {items.map((definition) => (
            <div
              key={definition.type}
              className="sb-palette-item"
              draggable
              onDragStart={(event) => { startDrag(event, definition.type); }}
              data-node-type={definition.type}
              title={`Drag onto the canvas to add ${definition.title}`}
            >
              <strong>{definition.title}</strong>
              <small>{definition.description}</small>
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
});
