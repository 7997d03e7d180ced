import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Heading1, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';
import { options } from '../cycles/labels.ts';
import { datum, eindeVanDag } from '../format.ts';
import { FileDrop, problemText, saveDownload } from '../files.tsx';
import { useTitle } from '../layout.tsx';

type ExportQuery = NonNullable<paths['/gear/export']['get']['parameters']['query']>;

const FORMATS = { zip: 'zip: alles, met manifest om te controleren', pdf: 'pdf', html: 'html (webpagina)', xlsx: 'xlsx (Excel, een blad per domein)' };

// Typed against the export's query, like the command forms against their commands.
const DOWNLOAD: CommandSpec<ExportQuery> = {
  label: 'Dossier downloaden',
  fields: [
    { name: 'from', label: 'Periode van', kind: 'date', optional: true, description: 'Leeg is vanaf het begin' },
    { name: 'to', label: 'Periode tot en met', kind: 'date', optional: true, description: 'Leeg is tot nu' },
    { name: 'asOf', label: 'Stand per', kind: 'date', optional: true, description: 'Het dossier zoals het op die dag stond; leeg is vandaag. Dezelfde stand geeft altijd hetzelfde dossier' },
    { name: 'format', label: 'Formaat', kind: 'select', choices: options(FORMATS) },
    { name: 'documents', label: 'Documenten meenemen in het zip-bestand', kind: 'checkbox', optional: true, description: 'De bestanden die als bewijs zijn geüpload, onder documents/ en in het manifest, zodat ook zij gecontroleerd worden. Alleen bij zip' },
  ],
};

/** `/dossier`: download the GEAR dossier for a period and instant, and check a dossier one was sent. */
export default function Dossier() {
  useTitle('Dossier');
  return (
    <>
      <Heading1>Dossier</Heading1>
      <section aria-labelledby="downloaden" className="gearbox-noprint">
        <Heading2 id="downloaden">Dossier downloaden</Heading2>
        <SpecForm
          form={DOWNLOAD as unknown as Form}
          heading={false}
          initial={{ format: 'zip' }}
          send={(body) => {
            const query = { ...body, ...(typeof body.asOf === 'string' ? { asOf: eindeVanDag(body.asOf) } : {}) } as ExportQuery;
            return saveDownload(api.GET('/gear/export', { params: { query }, parseAs: 'blob' }), `dossier.${query.format ?? 'zip'}`);
          }}
        />
      </section>
      <Verify />
    </>
  );
}

type Result = Schemas['VerifyResult'];

function Verify() {
  const [file, setFile] = useState<File>();
  const [missing, setMissing] = useState(false);
  const check = useMutation({
    mutationFn: (f: File) =>
      data(
        api.POST('/gear/verify', {
          body: f as never,
          bodySerializer: (b: unknown) => b as Blob,
          headers: { 'Content-Type': f.name.endsWith('.json') ? 'application/json' : 'application/zip' },
        }),
      ).then((result) => ({ name: f.name, result })),
  });
  const submitted = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!file);
    if (file) check.mutate(file);
  };
  return (
    <section aria-labelledby="controleren">
      <Heading2 id="controleren">Dossier controleren</Heading2>
      <form className="gearbox-form" aria-label="Dossier controleren" onSubmit={submitted}>
        <div className="gearbox-noprint">
          <FileDrop
            label="Dossier"
            accept=".zip,.json,application/zip,application/json"
            description="De zip van een GEAR-dossier (of alleen zijn manifest.json), bijvoorbeeld een dossier dat u is toegestuurd. Gearbox kijkt of de bestanden ongewijzigd zijn en kloppen met wat er op dat moment in gearbox stond."
            error={missing ? 'Kies eerst een bestand.' : problemText(check.error)}
            busy={check.isPending}
            onFile={(f) => {
              setFile(f);
              setMissing(false);
              check.reset();
            }}
          >
            {file ? <Paragraph>Gekozen: {file.name}</Paragraph> : null}
          </FileDrop>
          <Button appearance="primary-action-button" type="submit" busy={check.isPending}>Dossier controleren</Button>
        </div>
        {check.data ? <Outcome name={check.data.name} result={check.data.result} /> : null}
      </form>
    </section>
  );
}

/** The result in words: "geldig", or each thing that is wrong. */
function Outcome({ name, result }: { name: string; result: Result }) {
  const at = result.store ? ` Het is gebouwd op stand ${result.store.position} van gearbox (${result.store.eventCount} gebeurtenissen).` : '';
  if (result.valid) {
    return (
      <Alert type="ok">
        <Paragraph><strong>{name}: het dossier is geldig.</strong> De bestanden zijn ongewijzigd en kloppen met de gegevens in gearbox.{at}</Paragraph>
        <Paragraph>Gecontroleerd op {datum(new Date().toISOString())}.</Paragraph>
      </Alert>
    );
  }
  return (
    <Alert type="error">
      <Paragraph><strong>{name}: het dossier is niet geldig.</strong> Wat niet klopt:</Paragraph>
      <UnorderedList>
        {result.problems.map((p, i) => <UnorderedListItem key={i}>{p.file ? `${p.file}: ` : ''}{p.message}</UnorderedListItem>)}
      </UnorderedList>
    </Alert>
  );
}
