import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Heading1, Heading2, Heading3 } from '@utrecht/component-library-react/css-module';
import { useTitle } from '../layout.tsx';
import type { Cycle } from '../api/client.ts';
import { Field, ProblemAlert, problemParts } from '../forms.tsx';
import { initialValues, newId, payload, shown, type Form, type Lookups } from './commands.ts';

interface Props {
  form: Form;
  /** The cycle the form's choices come from (its goals, activities, evidence …). */
  cycle?: Cycle | undefined;
  /** Choices the page loaded for fields with a `lookup` (GEAR criteria). */
  lookups?: Partial<Lookups> | undefined;
  /** Per field name, a description the page knows better than the spec (in words, from loaded data). */
  descriptions?: Record<string, string> | undefined;
  /** The submit button's name; the form's label when left out. */
  submit?: string;
  heading?: boolean;
  /** Values the fields start with (what was saved before); empty otherwise. */
  initial?: Record<string, string | string[]>;
  send: (body: Record<string, unknown>) => Promise<unknown>;
  onDone?: () => void;
  children?: ReactNode;
}

/** One form from a spec: its fields, the API's problems next to them, and one submit button. */
export function SpecForm({ form, cycle, lookups, descriptions, submit, heading = true, initial, send, onDone, children }: Props) {
  const empty = () => ({ ...initialValues(form), ...initial });
  const [values, setValues] = useState(empty);
  const mutation = useMutation({
    mutationFn: () => {
      const body = payload(form, values);
      if (form.newId && cycle) body[form.newId.field] = newId(String(values[form.newId.from] ?? ''), form.newId.taken(cycle));
      return send(body);
    },
    onSuccess: () => {
      setValues(empty());
      onDone?.();
    },
  });
  const { byField, rest } = problemParts(mutation.error, form.fields.map((f) => f.name));
  const submitted = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  const label = submit ?? form.label;
  return (
    <form className="gearbox-form" onSubmit={submitted} aria-label={form.label}>
      {heading ? <Heading3>{form.label}</Heading3> : null}
      {children}
      {form.fields.filter((f) => shown(f, values)).map((f) => (
        <Field
          key={f.name}
          kind={f.kind}
          name={f.name}
          label={f.label}
          optional={f.optional}
          description={descriptions?.[f.name] ?? f.description}
          options={f.choices ?? (f.lookup ? lookups?.[f.lookup] : f.options && cycle ? f.options(cycle) : undefined) ?? []}
          value={values[f.name] ?? ''}
          onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
          error={byField[f.name]}
        />
      ))}
      <ProblemAlert>{rest}</ProblemAlert>
      <Button appearance="primary-action-button" type="submit" busy={mutation.isPending}>{label}</Button>
    </form>
  );
}

interface NewPageProps {
  /** The page's h1 and title; also the form's name. */
  form: Form;
  /** Registers the thing and answers it, with its id. */
  create: (body: Record<string, unknown>) => Promise<{ id: string }>;
  /** The query key of one (`['cycle', id]`) and of the lists to refresh (`['cycles']`). */
  one: string;
  lists: string;
  /** The page of the new thing. */
  to: (id: string) => string;
}

/** A "Nieuwe …" page: one form with "Opslaan"; once saved, the new thing's own page. */
export function NewPage({ form, create, one, lists, to }: NewPageProps) {
  useTitle(form.label);
  const navigate = useNavigate();
  const queries = useQueryClient();
  return (
    <>
      <Heading1>{form.label}</Heading1>
      <SpecForm
        form={form}
        heading={false}
        submit="Opslaan"
        send={async (body) => {
          const created = await create(body);
          queries.setQueryData([one, created.id], created);
          await queries.invalidateQueries({ queryKey: [lists] });
          navigate(to(created.id));
        }}
      />
    </>
  );
}

/** "Wat u nu kunt doen": each command `allowed` names that has a form here, as a form. */
export function AllowedForms<T extends string>({ forms, allowed, revision, send }: {
  forms: Record<T, unknown>;
  allowed: string[];
  /** Forms start empty again after each change. */
  revision: number;
  send: (type: T, body: Record<string, unknown>) => Promise<unknown>;
}) {
  const types = (Object.keys(forms) as T[]).filter((t) => allowed.includes(t));
  if (!types.length) return null;
  return (
    <section aria-labelledby="acties">
      <Heading2 id="acties">Wat u nu kunt doen</Heading2>
      <div className="gearbox-forms">
        {types.map((t) => <SpecForm key={`${t}-${revision}`} form={forms[t] as Form} send={(body) => send(t, body)} />)}
      </div>
    </section>
  );
}
