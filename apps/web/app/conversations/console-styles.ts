/** The console's own rules, added by its layout so the shared stylesheet stays small. */
export const consoleStyles = `
  main:has(.console) { max-width: 1200px; }
  .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 16px; }
  .filters label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
  .filters input, .filters select { padding: 4px 6px; min-width: 140px; }
  .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #8882; }
  .status-failed, .status-error { background: #dc262633; color: #dc2626; }
  .status-waiting, .status-suspended, .status-delayed { background: #d9770633; color: #b45309; }
  .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 24px; }
  .facts dt { opacity: 0.7; }
  .facts dd { margin: 0; }
  .timeline { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
  .bubble { max-width: 70%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; }
  .bubble-in { align-self: flex-start; background: #8882; }
  .bubble-out { align-self: flex-end; background: #2563eb; color: #fff; }
  .bubble time { display: block; font-size: 11px; opacity: 0.75; margin-top: 4px; }
  .runs { list-style: none; padding: 0; }
  .run { border: 1px solid #8884; border-radius: 6px; margin-bottom: 8px; }
  .run > button { width: 100%; text-align: left; padding: 8px 12px; background: none; border: 0; color: inherit; cursor: pointer; font: inherit; display: flex; gap: 12px; align-items: center; }
  .run-body { padding: 0 12px 12px; }
  .waterfall { list-style: none; padding: 0; margin: 8px 0; }
  .span-row { display: grid; grid-template-columns: 220px 1fr 260px; gap: 8px; align-items: center; width: 100%; padding: 3px 4px; background: none; border: 0; color: inherit; font: inherit; text-align: left; cursor: pointer; border-radius: 4px; }
  .span-row:hover, .span-row[aria-pressed="true"] { background: #8882; }
  .span-track { position: relative; height: 14px; background: #8881; border-radius: 3px; }
  .span-bar { position: absolute; top: 0; bottom: 0; min-width: 2px; border-radius: 3px; background: #2563eb; }
  .span-bar.status-error { background: #dc2626; }
  .span-bar.status-suspended { background: #d97706; }
  .span-meta { font-size: 12px; display: flex; gap: 8px; flex-wrap: wrap; }
  .span-detail h4 { margin: 12px 0 4px; }
  .span-detail pre { overflow-x: auto; max-height: 320px; background: #8881; padding: 6px; border-radius: 4px; font-size: 12px; }
  .span-row.same-node { box-shadow: inset 3px 0 #2563eb; }
  .executions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 13px; margin-top: 8px; }
  .executions button[aria-pressed="true"] { background: #2563eb; color: #fff; }
  .filters input[type="datetime-local"] { min-width: 0; }
  .empty-state { display: flex; gap: 12px; align-items: center; }
  .trace-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; }
  .trace-side { min-width: 0; }
  .trace-canvas { height: 340px; border: 1px solid #8884; border-radius: 6px; }
  .trace-legend { font-size: 12px; display: flex; gap: 12px; flex-wrap: wrap; margin: 4px 0 0; }
  .trace-legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 4px; vertical-align: -1px; }
  .legend-ok::before { background: #16a34a; } .legend-suspended::before { background: #d97706; } .legend-error::before { background: #dc2626; }
  .legend-skipped::before { background: #8885; } .legend-edge::before { background: #16a34a; height: 3px !important; vertical-align: 3px !important; }
  .trace-node { position: relative; cursor: pointer; }
  .trace-count { position: absolute; top: -9px; right: -9px; background: #2563eb; color: #fff; border-radius: 999px; padding: 0 6px; font-size: 11px; line-height: 18px; }
  .react-flow__node.trace-selected .sb-node { outline: 3px solid #2563eb; outline-offset: 2px; }
  .react-flow__edge.trace-edge-taken .react-flow__edge-path { stroke: #16a34a; stroke-width: 3; }
  .react-flow__edge.trace-edge-idle { opacity: 0.3; }
  .react-flow__node.sb-run-waiting .sb-node { background: #d9770614; }
  /* Wide screens: more room for the console, the canvas beside the waterfall. */
  @media (min-width: 1500px) {
    main:has(.console-detail) { max-width: 1800px; }
    .trace-layout { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
    .trace-canvas { height: 480px; }
    .trace-canvas-cell { position: sticky; top: 8px; }
  }
`;
