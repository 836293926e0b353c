/** Rules of the flow list and the template gallery, added by their pages so the shared stylesheet stays small. */
export const adminStyles = `
  main:has(.admin) { max-width: 1200px; }
  .list-actions { display: flex; gap: 8px; align-items: center; margin: 0 0 16px; flex-wrap: wrap; }
  .row-actions { display: flex; gap: 6px; align-items: center; justify-content: flex-end; white-space: nowrap; }
  .row-actions a, .list-actions a { font-size: 14px; }
  button { font: inherit; font-size: 14px; padding: 4px 10px; border-radius: 6px; border: 1px solid #8886; background: #8881; color: inherit; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
  button.primary { background: #2563eb; border-color: #2563eb; color: #fff; }
  button.danger { color: #dc2626; border-color: #dc262666; }
  .panel { border: 1px solid #8884; border-radius: 8px; padding: 12px 16px; margin: 0 0 16px; }
  .panel h2 { margin: 0 0 12px; font-size: 18px; }
  .field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; font-size: 14px; }
  .field textarea { font-family: ui-monospace, monospace; font-size: 13px; }
  .rename { display: flex; gap: 6px; }
  .rename input { flex: 1; min-width: 160px; padding: 3px 6px; }
  .notice { padding: 6px 10px; border-radius: 6px; background: #16a34a22; }
  .tag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; background: #d9770633; }
  .nowrap { white-space: nowrap; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .template-grid { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
  .template-grid li { border: 1px solid #8884; border-radius: 8px; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
  .template-grid h2 { margin: 0; font-size: 18px; }
  .template-grid p { margin: 0; }
  .template-grid button { align-self: flex-start; margin-top: auto; }
  .template-grid .list-actions { margin: auto 0 0; }
  .template-grid .tag { align-self: flex-start; }
`;
