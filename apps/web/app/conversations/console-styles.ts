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
`;
