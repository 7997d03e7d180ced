/**
 * Instellingen (admin): the institute's name and contact on the dossier and the jaarverslag, the
 * LEOH settings, the criteria mapping, the peers (src/instellingen/), and forgetting a person,
 * after a confirmation that says what it does and that it cannot be undone.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Heading1, Heading2, Paragraph } from '@utrecht/component-library-react/css-module';
import { api, data } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';
import { datum } from '../format.ts';
import { Field, ProblemAlert, problemParts } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { useTitle } from '../layout.tsx';
import { useSession } from '../session.tsx';
import { Confirm } from '../instellingen/confirm.tsx';
import { CriteriaMapping } from '../instellingen/koppeling.tsx';
import { LeohSettings } from '../instellingen/leoh.tsx';
import { Peers } from '../instellingen/peers.tsx';

type InstituteInput = paths['/settings/institute']['put']['requestBody']['content']['application/json'];

const INSTITUTE: CommandSpec<InstituteInput> = {
  label: 'Instituut',
  fields: [
    { name: 'name', label: 'Naam van het instituut', kind: 'text', description: 'Zo staat het op het dossier en het jaarverslag' },
    { name: 'shortName', label: 'Korte naam', kind: 'text', optional: true },
    { name: 'contact.name', label: 'Contact: loket of afdeling', kind: 'text', optional: true, description: 'Geen persoon: dit staat onversleuteld op elk document' },
    { name: 'contact.email', label: 'Contact: e-mail', kind: 'text', optional: true, description: 'Een gedeelde mailbox, geen persoonlijk adres' },
    { name: 'contact.phone', label: 'Contact: telefoon', kind: 'text', optional: true },
    { name: 'contact.url', label: 'Contact: website', kind: 'text', optional: true },
  ],
};

/** `/instellingen`. */
export default function Instellingen() {
  useTitle('Instellingen');
  const { session } = useSession();
  if (!session.user.roles.includes('admin')) {
    return (
      <>
        <Heading1>Instellingen</Heading1>
        <Paragraph>Alleen een beheerder van het instituut kan de instellingen wijzigen.</Paragraph>
      </>
    );
  }
  return (
    <>
      <Heading1>Instellingen</Heading1>
      <InstituteSettings />
      <LeohSettings />
      <CriteriaMapping />
      <Peers />
      <ForgetPerson />
    </>
  );
}

function InstituteSettings() {
  const queries = useQueryClient();
  const setting = useQuery({ queryKey: ['institute-setting'], queryFn: () => data(api.GET('/settings/institute')) });
  return (
    <section aria-labelledby="instituut">
      <Heading2 id="instituut">Instituut</Heading2>
      <Loaded query={setting}>
        {(s) => (
          <>
            {s.setAt ? <Paragraph>Laatst gewijzigd op {datum(s.setAt)}.</Paragraph> : <Paragraph>Nog niet ingesteld: de naam is nu de code van het instituut.</Paragraph>}
            <SpecForm
              key={s.revision}
              form={INSTITUTE as unknown as Form}
              heading={false}
              submit="Opslaan"
              initial={{ name: s.name, shortName: s.shortName ?? '', 'contact.name': s.contact?.name ?? '', 'contact.email': s.contact?.email ?? '', 'contact.phone': s.contact?.phone ?? '', 'contact.url': s.contact?.url ?? '' }}
              send={async (body) => {
                const saved = await data(api.PUT('/settings/institute', { body: body as InstituteInput, params: { header: s.revision >= 0 ? { 'If-Match': `"${s.revision}"` } : {} } }));
                queries.setQueryData(['institute-setting'], saved);
              }}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}

const KIND: Record<string, string> = { opleider: 'opleider', docent: 'docent', eigenaar: 'eigenaar van een activiteit of actie' };

function ForgetPerson() {
  const queries = useQueryClient();
  const people = useQuery({ queryKey: ['subjects'], queryFn: () => data(api.GET('/subjects')) });
  const [subject, setSubject] = useState('');
  const [confirming, setConfirming] = useState(false);
  const person = people.data?.items.find((p) => p.subjectId === subject);
  const forget = useMutation({
    mutationFn: (who: { subjectId: string; name: string }) => data(api.DELETE('/subjects/{subjectId}', { params: { path: { subjectId: who.subjectId } } })).then((erased) => ({ ...erased, name: who.name })),
    onSettled: () => setConfirming(false),
    onSuccess: () => {
      setSubject('');
      return queries.invalidateQueries({ queryKey: ['subjects'] });
    },
  });
  const { byField, rest } = problemParts(forget.error, ['subjectId']);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    forget.reset();
    setConfirming(true);
  };
  return (
    <section aria-labelledby="vergeten">
      <Heading2 id="vergeten">Een persoon vergeten</Heading2>
      <Paragraph>Op verzoek van een betrokkene (AVG, recht op vergetelheid).</Paragraph>
      <Loaded query={people}>
        {({ items }) => (
          <form className="gearbox-form" onSubmit={ask} aria-label="Een persoon vergeten">
            <Field
              kind="search"
              name="subjectId"
              label="Persoon"
              description="De opleiders, docenten en eigenaren van activiteiten en acties van wie gearbox gegevens bewaart"
              value={subject}
              onChange={(v) => {
                setSubject(String(v));
                setConfirming(false);
              }}
              options={items.map((p) => ({ value: p.subjectId, label: `${p.name} (${KIND[p.kind] ?? p.kind})` }))}
              error={byField.subjectId}
            />
            <ProblemAlert>{rest}</ProblemAlert>
            {confirming ? null : <Button appearance="secondary-action-button" type="submit" disabled={!person}>Persoon vergeten</Button>}
          </form>
        )}
      </Loaded>
      {confirming && person ? (
        <Confirm title={`${person.name} vergeten?`} yes="Ja, definitief vergeten" busy={forget.isPending} onYes={() => forget.mutate(person)} onNo={() => setConfirming(false)}>
          Gearbox wist de sleutels van deze persoon. Daarna lezen haar naam, e-mailadres en teksten overal in gearbox als
          “[vergeten]”: in het verloop, in dossiers en in het jaarverslag, ook in wat eerder is vastgelegd. Wat er gebeurde en
          wanneer blijft staan. Dit kan niet ongedaan worden gemaakt.
        </Confirm>
      ) : null}
      {forget.data ? (
        <Alert type="ok"><Paragraph>Vergeten op {datum(forget.data.erasedAt)}: {forget.data.name} ({forget.data.keysDeleted} {forget.data.keysDeleted === 1 ? 'sleutel' : 'sleutels'} gewist).</Paragraph></Alert>
      ) : null}
    </section>
  );
}
