/** The editor's stylesheet; it takes the whole window below the header. */
export const editorStyles = `
  main:has(> .sb-editor) { max-width: none; padding: 0; }
  .sb-editor { display: grid; grid-template-columns: 240px 1fr 300px; grid-template-rows: auto 1fr 150px; height: calc(100vh - 46px); }
  .sb-toolbar { grid-column: 1 / -1; display: flex; gap: 8px; align-items: center; padding: 6px 12px; border-bottom: 1px solid #8884; flex-wrap: wrap; }
  .sb-toolbar h1 { font-size: 16px; margin: 0 12px 0 0; }
  .sb-toolbar .spacer { flex: 1; }
  .sb-status { font-size: 13px; }
  .sb-notice { font-size: 13px; color: #b45309; }
  .sb-palette { grid-row: 2 / 4; overflow-y: auto; padding: 8px; border-right: 1px solid #8884; }
  .sb-palette input { width: 100%; box-sizing: border-box; margin-bottom: 4px; }
  .sb-palette h3 { font-size: 12px; text-transform: uppercase; opacity: 0.7; margin: 12px 0 4px; }
  .sb-palette-item { display: flex; flex-direction: column; gap: 2px; padding: 6px 8px; margin-bottom: 4px; border: 1px solid #8885; border-radius: 6px; cursor: grab; background: Canvas; }
  .sb-palette-item small { opacity: 0.75; font-size: 11px; }
  .sb-canvas { position: relative; min-width: 0; min-height: 0; }
  .sb-empty { position: absolute; inset: 0; display: grid; place-items: center; pointer-events: none; opacity: 0.7; z-index: 5; }
  .sb-panel { grid-row: 2 / 4; grid-column: 3; overflow-y: auto; padding: 12px; border-left: 1px solid #8884; }
  .sb-panel h2 { font-size: 16px; margin: 0 0 4px; }
  .sb-panel-id { font-size: 12px; margin: 0 0 8px; }
  .sb-panel textarea { width: 100%; box-sizing: border-box; min-height: 120px; }
  .sb-problems { grid-column: 2; overflow-y: auto; padding: 6px 12px; border-top: 1px solid #8884; font-size: 13px; }
  .sb-problems h3 { font-size: 13px; margin: 0 0 4px; }
  .sb-problems ul { margin: 0; padding-left: 18px; }
  button.link { background: none; border: none; padding: 0; color: inherit; text-align: left; cursor: pointer; text-decoration: underline dotted; font: inherit; }
  .sb-node { background: Canvas; border: 1px solid #8888; border-radius: 8px; min-width: 170px; font-size: 12px; box-shadow: 0 1px 3px #0002; }
  .react-flow__node.selected .sb-node { border-color: #2563eb; box-shadow: 0 0 0 2px #2563eb55; }
  .sb-node.has-problems { border-color: #dc2626; }
  .sb-node-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 6px 10px 0; font-weight: 600; font-size: 13px; }
  .sb-node-id { padding: 0 10px 4px; opacity: 0.6; font-family: ui-monospace, monospace; font-size: 11px; }
  .sb-badge { background: #dc2626; color: white; border-radius: 999px; min-width: 18px; height: 18px; display: inline-grid; place-items: center; font-size: 11px; padding: 0 4px; }
  .sb-node-ports { display: flex; justify-content: space-between; gap: 12px; padding: 4px 0 6px; border-top: 1px solid #8883; }
  .sb-port { position: relative; padding: 2px 10px; }
  .sb-port.out { text-align: right; }
  .sb-port.error-port { opacity: 0.55; }
  .sb-port .react-flow__handle { width: 9px; height: 9px; }
  .port-text { background: #2563eb; } .port-number { background: #d97706; } .port-boolean { background: #7c3aed; }
  .port-object { background: #0d9488; } .port-list { background: #db2777; } .port-message { background: #16a34a; } .port-any { background: #6b7280; }
`;
