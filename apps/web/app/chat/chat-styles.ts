/** The chat page's stylesheet; it also hides the admin bar the root layout draws around every page. */
export const chatStyles = `
  body > header.bar { display: none; }
  body > main { max-width: none; margin: 0; padding: 0; }
  .chat { display: flex; flex-direction: column; height: 100dvh; max-width: 760px; margin: 0 auto; }
  .chat-head { margin: 0; padding: 12px 16px; border-bottom: 1px solid #8884; font-weight: 600; font-size: 1.05rem; }
  .chat-log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 80%; padding: 8px 12px; border-radius: 14px; line-height: 1.4; overflow-wrap: anywhere; }
  .msg p, .msg ul, .msg ol, .msg blockquote, .msg pre { margin: 0 0 6px; }
  .msg > :last-child { margin-bottom: 0; }
  .msg ul, .msg ol { padding-left: 20px; }
  .msg blockquote { border-left: 3px solid #8886; padding-left: 8px; opacity: 0.85; }
  .msg code { font-family: ui-monospace, monospace; font-size: 0.9em; background: #8882; padding: 0 3px; border-radius: 3px; }
  .msg pre { white-space: pre-wrap; padding: 8px; }
  .msg pre code { background: none; padding: 0; }
  .msg.user { align-self: flex-end; background: #2563eb; color: white; border-bottom-right-radius: 4px; white-space: pre-wrap; }
  .msg.user a { color: inherit; }
  .msg.bot { align-self: flex-start; background: #8882; border-bottom-left-radius: 4px; }
  .msg.typing { opacity: 0.7; font-style: italic; }
  .chat-error { margin: 0 16px 8px; padding: 8px 12px; border-radius: 8px; background: #dc262620; color: #dc2626; }
  .chat-form { display: flex; gap: 8px; padding: 12px 16px; border-top: 1px solid #8884; }
  .chat-form textarea { flex: 1; resize: none; font: inherit; padding: 8px 10px; border-radius: 10px; border: 1px solid #8886; background: transparent; color: inherit; min-height: 40px; max-height: 160px; }
  .chat-form button { font: inherit; padding: 0 16px; border-radius: 10px; border: none; background: #2563eb; color: white; cursor: pointer; }
  .chat-form button:disabled { opacity: 0.5; cursor: default; }
  .chat-unavailable { padding: 32px 16px; text-align: center; }
  @media (max-width: 480px) { .msg { max-width: 90%; } .chat-log { padding: 12px; } }
`;
