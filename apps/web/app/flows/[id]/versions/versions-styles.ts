/** The version page's own rules, added by the page so the shared stylesheet stays small. */
export const versionsStyles = `
  .badge { display: inline-block; padding: 1px 8px; margin-left: 8px; border-radius: 10px; font-size: 12px; background: #8882; }
  .badge-live { background: #16a34a33; color: #15803d; }
  .confirm { display: inline-flex; gap: 8px; align-items: center; }
  .compare-pickers { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-bottom: 12px; }
  .changes li { margin: 4px 0; }
  .changes code { font-size: 13px; }
`;
