/**
 * UI hints that config schemas carry in zod's `.meta({ description, ui })`; the generated config form
 * reads them. Plain data only, so definitions stay browser-safe.
 */
export interface UiHint {
  /** How the field is edited; without one the form picks a widget from the schema's type. */
  widget?: 'text' | 'textarea' | 'expression' | 'number' | 'select' | 'switch' | 'list' | 'password' | 'credential';
  /** widget 'credential': the type of stored credential to choose from (the value is its id). */
  credentialType?: string;
  placeholder?: string;
  /** Shown only when another field of the same object has one of these values. */
  showWhen?: { field: string; in: readonly (string | number | boolean)[] };
  /** Folded away under "Advanced" by default. */
  advanced?: boolean;
}

/** The metadata object for `.meta()`: what the field is for, and how to edit it. */
export function hint(description: string, ui: UiHint = {}): { description: string; ui: UiHint } {
  return { description, ui };
}
