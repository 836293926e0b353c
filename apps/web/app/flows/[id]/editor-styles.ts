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
  .sb-editor.playground-open { grid-template-columns: 240px 1fr 380px; }
  .sb-playground-toggle { position: absolute; top: 8px; right: 8px; z-index: 6; }
  .sb-playground-toggle[aria-pressed="true"] { background: #2563eb; color: white; }
  .sb-playground { display: flex; flex-direction: column; gap: 8px; }
  .sb-playground p { margin: 0; }
  .sb-playground-head { display: flex; justify-content: space-between; align-items: center; }
  .sb-chat { list-style: none; margin: 0; padding: 8px; display: flex; flex-direction: column; gap: 6px; min-height: 160px; max-height: 45vh; overflow-y: auto; border: 1px solid #8884; border-radius: 6px; }
  .sb-chat li { padding: 6px 10px; border-radius: 10px; max-width: 85%; white-space: pre-wrap; font-size: 13px; }
  .sb-chat-you { align-self: flex-end; background: #2563eb; color: white; }
  .sb-chat-bot { align-self: flex-start; background: #8882; }
  .sb-chat-note { align-self: stretch; max-width: none !important; color: #b45309; font-size: 12px !important; }
  .sb-chat-form { display: flex; gap: 6px; }
  .sb-chat-form input { flex: 1; min-width: 0; }
  .sb-delay { font-size: 13px; }
  .sb-node-run h3 { font-size: 13px; margin: 8px 0 4px; }
  .sb-node-run h4 { font-size: 12px; margin: 6px 0 2px; }
  .sb-node-run pre { font-size: 11px; background: #8881; padding: 6px; border-radius: 4px; overflow-x: auto; margin: 0; }
  .react-flow__node.sb-run-running .sb-node { border-color: #2563eb; box-shadow: 0 0 0 3px #2563eb88; }
  .react-flow__node.sb-run-ok .sb-node { border-color: #16a34a; box-shadow: 0 0 0 2px #16a34a88; background: #16a34a14; }
  .react-flow__node.sb-run-error .sb-node { border-color: #dc2626; box-shadow: 0 0 0 2px #dc262688; background: #dc262614; }
  .react-flow__node.sb-run-waiting .sb-node { border-color: #d97706; box-shadow: 0 0 0 2px #d9770688; }
  .react-flow__node.sb-run-skipped { opacity: 0.4; }
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
  .sb-toolbar button[aria-pressed="true"] { background: #2563eb; color: white; }
  .sb-shortcuts { border: 1px solid #8886; border-radius: 8px; padding: 12px 16px; max-width: 560px; }
  .sb-shortcuts::backdrop { background: #0004; }
  .sb-shortcuts-head { display: flex; justify-content: space-between; align-items: center; }
  .sb-shortcuts h2 { font-size: 16px; margin: 0; }
  .sb-shortcuts table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
  .sb-shortcuts td { padding: 3px 8px; vertical-align: top; }
  .sb-shortcuts kbd { display: inline-block; margin: 0 4px 2px 0; padding: 1px 6px; border: 1px solid #8887; border-bottom-width: 2px; border-radius: 4px; font: 12px ui-monospace, monospace; white-space: nowrap; }
  .sb-shortcuts p { font-size: 12px; opacity: 0.75; margin: 8px 0 0; }
`;
