import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { chatStyles } from './chat-styles.ts';

export const metadata: Metadata = { title: 'Chat' };

/** The public chat page: the visitor sees the chat alone, without the admin's navigation. */
export default function ChatLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <style>{chatStyles}</style>
      {children}
    </>
  );
}
