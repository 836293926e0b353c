import type { ReactNode } from 'react';
import { consoleStyles } from './console-styles.ts';
import { QueryProvider } from './query-provider.tsx';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <QueryProvider>
      <style>{consoleStyles}</style>
      {children}
    </QueryProvider>
  );
}
