/** Rules of the channels page, added by the page so the shared stylesheet stays small. */
export const channelStyles = `
  .state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #8882; }
  .state-connected, .state-listening { background: #16a34a33; color: #15803d; }
  .state-starting { background: #2563eb26; color: #1d4ed8; }
  .state-disconnected { background: #d9770633; color: #b45309; }
  .state-error { background: #dc262633; color: #dc2626; }
  .channel-table .bot { font-size: 13px; margin-top: 2px; }
  .channel-table .last-error { max-width: 260px; font-size: 13px; overflow-wrap: break-word; }
  .channel-table tr:has(+ .channel-detail) td { border-bottom: 0; }
  .channel-detail td { padding-top: 0; }
  .channel-detail p { margin: 0 0 6px; }
  .test-ok { color: #15803d; }
  .channel-form { display: flex; flex-direction: column; max-width: 720px; }
  .channel-form input:not([type="radio"]), .channel-form select {
    font: inherit; padding: 6px 8px; border: 1px solid #8886; border-radius: 6px; background: transparent; color: inherit; max-width: 420px;
  }
  .channel-form textarea { font: 13px ui-monospace, monospace; padding: 6px 8px; border: 1px solid #8886; border-radius: 6px; background: transparent; color: inherit; max-width: 520px; }
  .channel-form input[readonly] { background: #8881; }
  .channel-form .list-actions { margin: 8px 0 4px; }
  .align-start { align-self: flex-start; }
  .inline-credential { border: 1px solid #8884; border-radius: 6px; padding: 8px; max-width: 440px; }
  .modes { border: 0; padding: 0; margin: 0 0 12px; font-size: 14px; display: flex; flex-direction: column; gap: 6px; }
  .modes legend { padding: 0; margin-bottom: 4px; }
  .mode { display: flex; gap: 8px; align-items: baseline; }
  .advanced { margin: 0 0 12px; font-size: 14px; }
  .advanced summary { cursor: pointer; margin-bottom: 8px; }
  .webhook-url { display: flex; flex-direction: column; gap: 4px; font-size: 14px; margin-bottom: 8px; }
  .webhook-url-box { display: flex; gap: 8px; align-items: center; }
  .webhook-url-box input { font-family: ui-monospace, monospace; font-size: 13px; width: min(640px, 100%); max-width: none; padding: 4px 6px; }
`;
