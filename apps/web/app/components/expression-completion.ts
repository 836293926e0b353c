'use client';

import { createContext } from 'react';
import type { CompletionResult } from '../../src/forms/expression-completions.ts';

/** What a form's text fields offer inside `{{ }}`; the editor provides it for the selected node. */
export type CompleteExpression = (source: string, cursor: number) => CompletionResult | undefined;

export const ExpressionCompletion = createContext<CompleteExpression | undefined>(undefined);
