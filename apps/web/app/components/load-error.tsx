'use client';

import type { ReactNode } from 'react';

/** What a page shows when its data did not load: what failed, why, a retry, and any way out it offers. */
export function LoadError({ what, message, onRetry, children }: { what: string; message: string; onRetry: () => void; children?: ReactNode }) {
  return (
    <div role="alert">
      <p className="error">
        Could not load the {what}: {message}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
      {children}
    </div>
  );
}
