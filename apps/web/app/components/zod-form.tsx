'use client';

import { useEffect, useMemo, useState, type JSX, type ReactNode } from 'react';
import type { z } from 'zod';
import {
  describeFields,
  humanize,
  isExpression,
  isShown,
  newRow,
  parseNumberInput,
  problemsAt,
  setField,
  type FieldSpec,
} from '../../src/forms/zod-fields.ts';
import { ExpressionInput } from './expression-input.tsx';
import { listCredentials } from '../credentials/api.ts';
import { useLoaded } from '../use-loaded.ts';
import './zod-form.css';

export interface ZodFormProps {
  schema: z.ZodType;
  value: Record<string, unknown>;
  onChange(next: Record<string, unknown>): void;
  problems?: { field?: string; message: string }[];
  idPrefix: string;
}

type Problem = { field?: string; message: string };

/**
 * The config form of a node, generated from its zod schema and the UI hints in its `.meta()`.
 * Controlled: each edit hands the whole new config to `onChange`.
 */
export function ZodForm(props: ZodFormProps): JSX.Element {
  const { schema, value, idPrefix } = props;
  const problems = props.problems ?? [];
  const fields = useMemo(() => describeFields(schema), [schema]);
  // Problems no field shows (no field, or one the form does not render) go on top.
  const general = problems.filter((p) => p.field === undefined || !fields.some((f) => problemsAt([p], f.key).length > 0));
  return (
    <div className="zod-form">
      {general.length > 0 && (
        <ul className="zod-form-problems" role="alert">
          {general.map((problem, index) => <li key={index}>{problem.message}</li>)}
        </ul>
      )}
      {fields.length === 0 && <p className="muted">Nothing to configure.</p>}
      <FieldGroup
        fields={fields}
        value={value}
        onChange={(next) => { props.onChange(next); }}
        problems={problems}
        path=""
        idPrefix={idPrefix}
      />
    </div>
  );
}

interface GroupProps {
  fields: readonly FieldSpec[];
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  problems: readonly Problem[];
  /** Where these fields sit in the config, for problems and ids: '' at the top, `cases.0` in a row. */
  path: string;
  idPrefix: string;
}

/** The fields of one object: shown ones first, advanced ones folded away. */
function FieldGroup({ fields, value, onChange, problems, path, idPrefix }: GroupProps): JSX.Element {
  const shown = fields.filter((field) => isShown(field, fields, value));
  const render = (field: FieldSpec) => (
    <FieldRow
      key={field.key}
      field={field}
      value={value[field.key]}
      onChange={(next) => { onChange(setField(value, field, next)); }}
      problems={problemsAt(problems, join(path, field.key))}
      path={join(path, field.key)}
      idPrefix={idPrefix}
    />
  );
  const advanced = shown.filter((field) => field.advanced);
  const advancedProblems = advanced.some((field) => problemsAt(problems, join(path, field.key)).length > 0);
  return (
    <>
      {shown.filter((field) => !field.advanced).map(render)}
      {advanced.length > 0 && <Advanced forceOpen={advancedProblems}>{advanced.map(render)}</Advanced>}
    </>
  );
}

function Advanced({ forceOpen, children }: { forceOpen: boolean; children: ReactNode }): JSX.Element {
  const [open, setOpen] = useState(forceOpen);
  // A problem in a folded field must not stay hidden.
  useEffect(() => { if (forceOpen) setOpen(true); }, [forceOpen]);
  return (
    <details className="zod-form-advanced" open={open} onToggle={(event) => { setOpen(event.currentTarget.open); }}>
      <summary>Advanced</summary>
      {children}
    </details>
  );
}

interface FieldProps {
  field: FieldSpec;
  value: unknown;
  onChange: (next: unknown) => void;
  problems: readonly Problem[];
  path: string;
  idPrefix: string;
}

function FieldRow(props: FieldProps): JSX.Element {
  const { field, value, problems, path, idPrefix } = props;
  const id = controlId(idPrefix, path);
  const helpId = `${id}-help`;
  const problemsId = `${id}-problems`;
  const help = helpText(field);
  const ownProblems = problems.filter((p) => !rowFieldProblem(p, path, field));
  const describedBy = [help !== '' ? helpId : '', ownProblems.length > 0 ? problemsId : ''].filter((s) => s !== '').join(' ') || undefined;
  const marker = (field.widget === 'expression' || isExpression(value)) && (
    <span className="zod-form-expr" title="Accepts {{ expressions }}" aria-hidden="true">{'{{ }}'}</span>
  );
  const problemList = ownProblems.length > 0 && (
    <ul id={problemsId} className="zod-form-field-problems">
      {ownProblems.map((problem, index) => <li key={index}>{problem.message}</li>)}
    </ul>
  );

  if (field.kind.type === 'list' && !isExpression(value)) {
    return (
      <fieldset className="zod-form-field zod-form-list" aria-describedby={describedBy}>
        <legend>{field.label}{field.required && <Required />}</legend>
        {help !== '' && <p id={helpId} className="zod-form-help">{help}</p>}
        <ListEditor {...props} item={field.kind.item} maxItems={field.kind.maxItems} />
        {problemList}
      </fieldset>
    );
  }

  const control = <Control {...props} id={id} describedBy={describedBy} invalid={ownProblems.length > 0} />;
  const inline = field.kind.type === 'boolean' && !isExpression(value);
  return (
    <div className={inline ? 'zod-form-field zod-form-inline' : 'zod-form-field'}>
      {inline && control}
      <label htmlFor={id}>{field.label}{field.required && <Required />}</label>
      {marker}
      {!inline && control}
      {help !== '' && <p id={helpId} className="zod-form-help">{help}</p>}
      {problemList}
    </div>
  );
}

function Required(): JSX.Element {
  return <span className="zod-form-required" title="required"> *</span>;
}

interface ControlProps extends FieldProps {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

/** The input for one scalar field; a `{{ }}` value is always edited as text. */
function Control({ field, value, onChange, id, describedBy, invalid }: ControlProps): JSX.Element {
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, placeholder: placeholderOf(field) };
  const kind = field.kind;
  const asText = (text: string) => { onChange(kind.type === 'number' ? parseNumberInput(text) : text); };

  if (field.widget === 'textarea') {
    return <ExpressionInput {...common} multiline value={display(value)} onChange={asText} />;
  }
  if (field.widget === 'credential' && field.credentialType !== undefined) {
    return <CredentialSelect {...common} type={field.credentialType} value={typeof value === 'string' ? value : undefined} onChange={(id) => { onChange(id); }} />;
  }
  if (isExpression(value) || kind.type === 'string' || kind.type === 'unknown') {
    // Text boxes offer completions inside `{{ }}`; a password box never does.
    return <ExpressionInput {...common} multiline={false} type={field.widget === 'password' && !isExpression(value) ? 'password' : 'text'} value={display(value)} onChange={asText} />;
  }
  switch (kind.type) {
    case 'number':
      // Text, not type=number: numeric fields take `{{ expressions }}` too (parseNumberInput keeps them).
      return <input {...common} type="text" inputMode="decimal" value={display(value)} onChange={(event) => { asText(event.target.value); }} />;
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          role="switch"
          checked={typeof value === 'boolean' ? value : field.default === true}
          onChange={(event) => { onChange(event.target.checked); }}
        />
      );
    case 'enum': {
      const current = value ?? field.default;
      const options = kind.options.map(String);
      const selected = current === undefined ? '' : display(current);
      return (
        <select
          {...common}
          value={selected}
          onChange={(event) => { onChange(kind.options.find((option) => String(option) === event.target.value)); }}
        >
          {(selected === '' || !field.required) && !field.hasDefault && <option value="">—</option>}
          {selected !== '' && !options.includes(selected) && <option value={selected}>{selected}</option>}
          {options.map((option) => <option key={option} value={option}>{humanize(option)}</option>)}
        </select>
      );
    }
    case 'json':
    case 'list':
      return <JsonEditor {...common} value={value} onChange={onChange} />;
  }
}

/** A stored credential of one type, by name; the field keeps its id (empty: none). */
function CredentialSelect({ type, value, onChange, ...common }: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': true | undefined; placeholder: string | undefined; type: string; value: string | undefined; onChange: (id: string | undefined) => void }): JSX.Element {
  const { state } = useLoaded(() => listCredentials(type), [type]);
  const credentials = state.kind === 'ready' ? state.value : [];
  const known = value === undefined || state.kind !== 'ready' || credentials.some((credential) => credential.id === value);
  return (
    <select id={common.id} aria-describedby={common['aria-describedby']} aria-invalid={common['aria-invalid']} value={value ?? ''} onChange={(event) => { onChange(event.target.value === '' ? undefined : event.target.value); }}>
      <option value="">{state.kind === 'loading' ? 'Loading…' : 'The node\'s credential'}</option>
      {!known && <option value={value}>Missing credential ({value})</option>}
      {credentials.map((credential) => <option key={credential.id} value={credential.id}>{credential.name}</option>)}
    </select>
  );
}

/** Shapes without a control are edited as JSON; the draft stays local until it parses. */
function JsonEditor({ value, onChange, ...rest }: { id: string; value: unknown; onChange: (next: unknown) => void; 'aria-describedby': string | undefined; 'aria-invalid': true | undefined; placeholder: string | undefined }): JSX.Element {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(text);
  const [broken, setBroken] = useState(false);
  // Follow changes made elsewhere (undo, another editor) unless the draft already means the same.
  useEffect(() => { setDraft((old) => (sameJson(old, value) ? old : text)); }, [text, value]);
  return (
    <>
      <textarea
        {...rest}
        className="zod-form-json"
        rows={4}
        spellCheck={false}
        value={draft}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          if (next.trim() === '') { setBroken(false); onChange(undefined); return; }
          try {
            const parsed: unknown = JSON.parse(next);
            setBroken(false);
            onChange(parsed);
          } catch {
            setBroken(true);
          }
        }}
      />
      {broken && <p className="zod-form-field-problems">Not valid JSON yet; the last valid value is kept.</p>}
    </>
  );
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

interface ListProps extends FieldProps {
  item: readonly FieldSpec[];
  maxItems: number | undefined;
}

/** Rows of an array of objects (assignments, cases …): add, remove and reorder. */
function ListEditor({ field, value, onChange, problems, path, idPrefix, item, maxItems }: ListProps): JSX.Element {
  const rows: unknown[] = Array.isArray(value) ? value : [];
  const noun = singular(field.label);
  const replace = (next: unknown[]) => { onChange(next); };
  const move = (from: number, to: number) => {
    const next = [...rows];
    const [row] = next.splice(from, 1);
    next.splice(to, 0, row);
    replace(next);
  };
  return (
    <>
      <ol className="zod-form-rows">
        {rows.map((row, index) => (
          <li key={index} className="zod-form-row">
            <div className="zod-form-row-fields">
              <FieldGroup
                fields={item}
                value={isRecord(row) ? row : {}}
                onChange={(next) => { replace(rows.map((old, i) => (i === index ? next : old))); }}
                problems={problems}
                path={join(path, String(index))}
                idPrefix={idPrefix}
              />
            </div>
            <div className="zod-form-row-actions">
              <button type="button" aria-label={`Move ${noun} ${index + 1} up`} disabled={index === 0} onClick={() => { move(index, index - 1); }}>↑</button>
              <button type="button" aria-label={`Move ${noun} ${index + 1} down`} disabled={index === rows.length - 1} onClick={() => { move(index, index + 1); }}>↓</button>
              <button type="button" aria-label={`Remove ${noun} ${index + 1}`} onClick={() => { replace(rows.filter((_, i) => i !== index)); }}>Remove</button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="zod-form-add"
        disabled={maxItems !== undefined && rows.length >= maxItems}
        onClick={() => { replace([...rows, newRow(item)]); }}
      >
        Add {noun}
      </button>
    </>
  );
}

/** A problem that a field inside one of the list's rows shows itself. */
function rowFieldProblem(problem: Problem, path: string, field: FieldSpec): boolean {
  if (field.kind.type !== 'list' || problem.field === undefined) return false;
  const rest = problem.field.startsWith(`${path}.`) ? problem.field.slice(path.length + 1).split('.') : [];
  const [index, key] = rest;
  return index !== undefined && /^\d+$/.test(index) && field.kind.item.some((f) => f.key === key);
}

function helpText(field: FieldSpec): string {
  const parts = [field.description ?? ''];
  if (field.kind.type === 'number') {
    const { min, max } = field.kind;
    if (min !== undefined && max !== undefined) parts.push(`(${min}–${max})`);
    else if (min !== undefined) parts.push(`(at least ${min})`);
    else if (max !== undefined) parts.push(`(at most ${max})`);
  }
  return parts.filter((part) => part !== '').join(' ');
}

/** The hint's placeholder, else the default a blank box stands for. */
function placeholderOf(field: FieldSpec): string | undefined {
  if (field.placeholder !== undefined) return field.placeholder;
  const fallback = field.default;
  return typeof fallback === 'string' || typeof fallback === 'number' ? String(fallback) || undefined : undefined;
}

/** A stored value as the text a box shows: expression operands may hold numbers or lists. */
function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function singular(label: string): string {
  const word = label.toLowerCase();
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function controlId(idPrefix: string, path: string): string {
  return `${idPrefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
