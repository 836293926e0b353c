import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './format.ts';

const reply = [
  '# Opening hours',
  '',
  'We are open **Monday to Friday**, _9 to 5_. See [our site](https://example.com/a?b=1&c=2) or run `status <all>`.',
  '',
  '- first & second',
  '- ~~closed~~ on Sunday',
  '',
  '> a quote',
  '',
  '```js',
  'if (a < b) return "x";',
  '```',
].join('\n');

describe('renderMarkdown', () => {
  it('writes Telegram HTML with only the tags Telegram accepts, escaping the rest', () => {
    expect(renderMarkdown(reply, 'telegram-html')).toBe(
      [
        '<b>Opening hours</b>',
        '',
        'We are open <b>Monday to Friday</b>, <i>9 to 5</i>. See <a href="https://example.com/a?b=1&amp;c=2">our site</a> or run <code>status &lt;all&gt;</code>.',
        '',
        '• first &amp; second',
        '• <s>closed</s> on Sunday',
        '',
        '<blockquote>a quote</blockquote>',
        '',
        '<pre><code class="language-js">if (a &lt; b) return "x";</code></pre>',
      ].join('\n'),
    );
  });

  it("writes Slack mrkdwn: single markers, <url|text> links, escaped angle brackets", () => {
    expect(renderMarkdown(reply, 'slack-mrkdwn')).toBe(
      [
        '*Opening hours*',
        '',
        'We are open *Monday to Friday*, _9 to 5_. See <https://example.com/a?b=1&c=2|our site> or run `status &lt;all&gt;`.',
        '',
        '• first &amp; second',
        '• ~closed~ on Sunday',
        '',
        '> a quote',
        '',
        '```\nif (a &lt; b) return "x";\n```',
      ].join('\n'),
    );
  });

  it('writes plain text without markers, keeping link targets', () => {
    expect(renderMarkdown('**Hi** [docs](https://d.example) and https://x.example', 'plain')).toBe('Hi docs (https://d.example) and https://x.example');
  });

  it('passes Markdown through for channels that render it themselves', () => {
    expect(renderMarkdown(reply, 'markdown')).toBe(reply);
  });

  it('treats HTML in a reply as text, so a model cannot inject markup', () => {
    expect(renderMarkdown('<b>not bold</b> <script>x</script>', 'telegram-html')).toBe('&lt;b&gt;not bold&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;');
  });

  it('numbers ordered lists from their start', () => {
    expect(renderMarkdown('3. three\n4. four', 'plain')).toBe('3. three\n4. four');
  });
});

describe('renderMarkdown safety', () => {
  it('links only to web and mail addresses: no Slack pings, no script or app links', () => {
    expect(renderMarkdown('[hi](!channel) [x](@U0123ABC) ![i](!here) [js](javascript:alert(1))', 'slack-mrkdwn')).toBe('hi x i js');
    expect(renderMarkdown('[mail](mailto:a@b.example) [web](https://w.example)', 'slack-mrkdwn')).toBe('<mailto:a@b.example|mail> <https://w.example|web>');
    expect(renderMarkdown('[tg](tg://resolve?domain=x)', 'telegram-html')).toBe('tg');
  });

  it('keeps a code block valid for Telegram whatever its info string says', () => {
    expect(renderMarkdown('```js title="app.js"\nx\n```', 'telegram-html')).toBe('<pre><code class="language-js">x</code></pre>');
    expect(renderMarkdown('```<b>\nx\n```', 'telegram-html')).toBe('<pre>x</pre>');
  });
});
