import type { ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown.ts';

/** A bot reply, its Markdown drawn with React elements only: text is always text, never markup. */
export function MarkdownView({ text }: { text: string }) {
  return <>{parseMarkdown(text).map((block, index) => renderBlock(block, index))}</>;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return <p key={key}>{renderInline(block.children)}</p>;
    case 'heading':
      return <p key={key}><strong>{renderInline(block.children)}</strong></p>;
    case 'code':
      return <pre key={key}><code>{block.text}</code></pre>;
    case 'quote':
      return <blockquote key={key}>{renderInline(block.children)}</blockquote>;
    case 'list': {
      const items = block.items.map((item, index) => <li key={index}>{renderInline(item)}</li>);
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
  }
}

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'code':
        return <code key={key}>{node.text}</code>;
      case 'strong':
        return <strong key={key}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={key}>{renderInline(node.children)}</em>;
      case 'del':
        return <del key={key}>{renderInline(node.children)}</del>;
      case 'link':
        return <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">{renderInline(node.children)}</a>;
      case 'break':
        return <br key={key} />;
    }
  });
}
