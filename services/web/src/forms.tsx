/**
 * Form fields from the NL Design System (Utrecht) with the API's problems next to the field they
 * name (`errors[].path`), and the rest of a problem above the submit button.
 */
import { useId, type ChangeEvent, type ReactNode } from 'react';
import {
  Alert,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react/css-module';
import { ApiProblem } from './api/client.ts';
import { DocumentField } from './files.tsx';
import { Picker } from './picker.tsx';

export interface Option {
  value: string;
  label: string;
  /** Checkboxes with a group are shown per group, each folding open on its name (a GEAR domain). */
  group?: string;
}

/**
 * `document`: a file uploaded as an institute document; the value is its document id. `lines`: a
 * list typed one item per line. `checkbox`: one yes/no, its value `true` when ticked. `search`: one
 * of the options, found by typing part of it (a long list of people).
 */
export type FieldKind = 'text' | 'textarea' | 'lines' | 'date' | 'number' | 'select' | 'search' | 'checkboxes' | 'checkbox' | 'document';

interface FieldProps {
  kind: FieldKind;
  name: string;
  label: string;
  value: string | string[];
  onChange: (value: string | string[]) => void;
  error?: string | undefined;
  description?: string | undefined;
  optional?: boolean | undefined;
  /** A list filter: optional without saying so, its empty choice "alle". */
  filter?: boolean | undefined;
  options?: Option[] | undefined;
}

/** How a field is typed, said under its label. UI.md: dates as dd-mm-jjjj, also where they are typed (a date input follows the browser's language). */
const HOW: Partial<Record<FieldKind, string>> = {
  date: 'Als dd-mm-jjjj, bijvoorbeeld 31-03-2027',
  lines: 'Eén per regel',
  search: 'Typ om te zoeken; kies met de pijltjestoetsen en Enter',
};

export function Field({ kind, name, label, value, onChange, error, description, optional: optionalField, filter, options = [] }: FieldProps) {
  const id = useId();
  const optional = optionalField || filter;
  const suffix = optionalField && !filter ? ' (optioneel)' : '';
  const describedBy = [description || HOW[kind] ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const text = typeof value === 'string' ? value : '';
  const common = { id, name, invalid: Boolean(error), 'aria-describedby': describedBy, required: !optional };
  const hint = HOW[kind] ? [description, HOW[kind]].filter(Boolean).join('. ') : description;
  const extra: ReactNode[] = [
    hint ? <FormFieldDescription key="d" id={`${id}-description`}>{hint}</FormFieldDescription> : null,
    error ? <FormFieldErrorMessage key="e" id={`${id}-error`}>{error}</FormFieldErrorMessage> : null,
  ];
  if (kind === 'document') return <DocumentField label={`${label}${suffix}`} value={text} onChange={onChange} error={error} />;
  if (kind === 'checkbox') {
    return (
      <FormField invalid={Boolean(error)}>
        <div className="gearbox-check">
          <Checkbox id={id} name={name} value="true" checked={text === 'true'} aria-describedby={describedBy} invalid={Boolean(error)} onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.checked ? 'true' : '')} />
          <FormLabel htmlFor={id} type="checkbox">{label}</FormLabel>
        </div>
        {extra}
      </FormField>
    );
  }
  if (kind === 'checkboxes') {
    const chosen = Array.isArray(value) ? value : [];
    const box = (o: Option) => (
      <div key={o.value} className="gearbox-check">
        <Checkbox
          id={`${id}-${o.value}`}
          name={name}
          value={o.value}
          checked={chosen.includes(o.value)}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))}
        />
        <FormLabel htmlFor={`${id}-${o.value}`} type="checkbox">{o.label}</FormLabel>
      </div>
    );
    const groups = [...new Set(options.map((o) => o.group))];
    return (
      <Fieldset aria-describedby={describedBy} invalid={Boolean(error)}>
        <FieldsetLegend>{label}{suffix}</FieldsetLegend>
        {extra}
        {options.length === 0 ? <Paragraph>Nog niets om te kiezen.</Paragraph> : null}
        {groups.length > 1 || groups[0] !== undefined
          ? groups.map((g) => {
              const inGroup = options.filter((o) => o.group === g);
              const count = inGroup.filter((o) => chosen.includes(o.value)).length;
              // Each group folds open on its name, so a long list (28 GEAR criteria) stays short.
              return (
                <details key={g} className="gearbox-group">
                  <summary>{g}{count ? ` (${count} gekozen)` : ''}</summary>
                  <Fieldset>
                    <FieldsetLegend className="gearbox-sr">{g}</FieldsetLegend>
                    {inGroup.map(box)}
                  </Fieldset>
                </details>
              );
            })
          : options.map(box)}
      </Fieldset>
    );
  }
  return (
    <FormField invalid={Boolean(error)}>
      <FormLabel htmlFor={id}>{label}{suffix}</FormLabel>
      {extra}
      {kind === 'textarea' || kind === 'lines' ? (
        <Textarea {...common} value={text} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} rows={3} />
      ) : kind === 'search' ? (
        <Picker id={id} label={label} describedBy={describedBy} invalid={Boolean(error)} required={!optional} options={options} value={text} onChange={onChange} />
      ) : kind === 'select' ? (
        <Select {...common} value={text} onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value)}>
          <SelectOption value="">{filter ? 'alle' : optional ? '— geen —' : '— kies —'}</SelectOption>
          {options.map((o) => <SelectOption key={o.value} value={o.value}>{o.label}</SelectOption>)}
        </Select>
      ) : (
        <Textbox {...common} inputMode={kind === 'number' ? 'decimal' : kind === 'date' ? 'numeric' : undefined} value={text} onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
      )}
    </FormField>
  );
}

/** A list's filters (selects with `filter`): a form of their own, set apart from the "Nieuwe …" button above it. */
export function Filters({ children }: { children: ReactNode }) {
  return <form className="gearbox-forms gearbox-list-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">{children}</form>;
}

/** The field messages of a problem by path, and what is left to say above the button. */
export function problemParts(error: unknown, fields: string[]): { byField: Record<string, string>; rest?: string | undefined } {
  if (!error) return { byField: {} };
  if (!(error instanceof ApiProblem)) return { byField: {}, rest: 'De server is niet bereikbaar. Probeer het zo nog eens.' };
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const e of error.problem.errors ?? []) {
    // A query parameter (`query.asOf`) is named by the field that fills it (`asOf`).
    const path = e.path.replace(/^query\./, '');
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
    if (field) byField[field] = byField[field] ? `${byField[field]}; ${e.message}` : e.message;
    else other.push(e.path && e.path !== '(body)' ? `${e.path}: ${e.message}` : e.message);
  }
  const rest = error.problem.errors?.length ? (other.length ? other.join('; ') : undefined) : error.problem.detail || error.problem.title;
  return { byField, rest };
}

/** Utrecht's Alert carries role="alert" itself, so a screen reader hears the problem when it appears. */
export function ProblemAlert({ children }: { children?: string | undefined }) {
  return children ? <Alert type="error"><Paragraph>{children}</Paragraph></Alert> : null;
}
