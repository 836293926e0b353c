/** The whole stylesheet: a string keeps it free of CSS tooling until the UI needs more. */
export const styles = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; }
  .bar { padding: 12px 24px; border-bottom: 1px solid #8884; display: flex; gap: 24px; align-items: center; }
  .bar nav { display: flex; gap: 16px; }
  .brand { font-weight: 600; }
  main { max-width: 960px; margin: 0 auto; padding: 24px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 8px; border-bottom: 1px solid #8883; }
  pre { padding: 12px; overflow-x: auto; background: #8881; border-radius: 6px; }
  .error { color: #dc2626; }
  .muted { opacity: 0.7; }
`;
