/*
 * Switchboard web chat widget. Put it on any page:
 *   <script src="https://your-switchboard/widget.js" data-channel="<channel id>" async></script>
 * It adds a button in the bottom-right corner that opens the channel's chat page in a panel (an iframe
 * of /chat/<id> on the Switchboard server). No dependencies; everything it adds is prefixed sbw-.
 * Options on the script tag: data-label (the button's text), data-color (its background).
 */
/* global window, document, URL */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.dataset.channel || window.__switchboardWidget) return;
  window.__switchboardWidget = true;
  var origin = new URL(script.src, document.baseURI).origin;
  var chatUrl = origin + '/chat/' + encodeURIComponent(script.dataset.channel);
  var color = script.dataset.color || '#2563eb';

  var style = document.createElement('style');
  style.textContent =
    '.sbw-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;' +
    'background:' + color + ';color:#fff;font:600 13px system-ui,sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    '.sbw-panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;height:560px;max-width:calc(100vw - 40px);' +
    'max-height:calc(100vh - 108px);border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff;display:none}' +
    '.sbw-panel.sbw-open{display:block}.sbw-panel iframe{width:100%;height:100%;border:0}' +
    '@media (max-width:480px){.sbw-panel{right:0;bottom:0;width:100vw;height:100dvh;max-width:none;max-height:none;border-radius:0}' +
    '.sbw-launcher.sbw-open{bottom:auto;top:10px;right:10px;width:40px;height:40px}}';
  document.head.appendChild(style);

  var panel = document.createElement('div');
  panel.className = 'sbw-panel';
  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'sbw-launcher';
  var label = script.dataset.label || 'Chat';
  launcher.textContent = label;
  launcher.setAttribute('aria-label', 'Open the chat');
  launcher.setAttribute('aria-expanded', 'false');

  launcher.addEventListener('click', function () {
    var open = !panel.classList.contains('sbw-open');
    // The chat page loads on the first open only: a page with the widget costs one small script until then.
    if (open && !panel.firstChild) {
      var frame = document.createElement('iframe');
      frame.src = chatUrl;
      frame.title = 'Chat';
      panel.appendChild(frame);
    }
    panel.classList.toggle('sbw-open', open);
    launcher.classList.toggle('sbw-open', open);
    launcher.textContent = open ? '\u00d7' : label;
    launcher.setAttribute('aria-label', open ? 'Close the chat' : 'Open the chat');
    launcher.setAttribute('aria-expanded', String(open));
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
