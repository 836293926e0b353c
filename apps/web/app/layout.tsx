import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { styles } from './styles.ts';

export const metadata: Metadata = {
  title: 'Switchboard',
  description: 'Build chatbots and agents for instant-messaging apps as flows.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{styles}</style>
      </head>
      <body>
        <header className="bar">
          <span className="brand">Switchboard</span>
          <nav aria-label="Main">
            <a href="/">Flows</a>
            <a href="/templates">Templates</a>
            <a href="/conversations">Conversations</a>
            <a href="/channels">Channels</a>
            <a href="/personas">Personas</a>
            <a href="/credentials">Credentials</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
