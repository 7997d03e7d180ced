/**
 * Instellingen → Gekoppelde instituten: the peers whose shared events this institute follows, with
 * how far they are read, how far behind and their last error in words; add one by its feed URL (or a
 * Kafka topic) and partner token; stop following one after a confirmation.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Heading2, Heading3, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react/css-module';
import { api, data, type Schemas } from '../api/client.ts';
import type { paths } from '../api/schema.ts';
import type { Form } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';
import { aantal, datum } from '../format.ts';
import { ProblemAlert, problemParts } from '../forms.tsx';
import { Loaded } from '../loaded.tsx';
import { Rows } from '../rows.tsx';
import { Confirm } from './confirm.tsx';

type Peer = Schemas['Peer'];
type PeerInput = paths['/peers']['post']['requestBody']['content']['application/json'];

const ADD: Form = {
  label: 'Instituut volgen',
  fields: [
    { name: 'institute', label: 'Instituutscode', kind: 'text', description: 'Zoals het andere instituut zich in gearbox noemt, bijvoorbeeld utrecht' },
    { name: 'feedUrl', label: 'Feed-URL', kind: 'text', optional: true, description: 'De volledige URL van zijn gedeelde events: https://…/api/v1/shared/events. Vul dit in, of het Kafka-topic' },
    { name: 'kafkaTopic', label: 'Kafka-topic', kind: 'text', optional: true, description: 'In plaats van een feed-URL, als deze server Kafka heeft: het topic met de gedeelde events van het andere instituut' },
    { name: 'token', label: 'Partnertoken', kind: 'textarea', optional: true, description: 'Het token dat het andere instituut u gaf; gearbox bewaart het versleuteld en toont het nooit' },
  ],
};

/** How far behind a peer is, in words. */
export function achterstand(p: Pick<Peer, 'caughtUp' | 'lagSeconds' | 'checkpoint'>): string {
  if (p.caughtUp) return 'bij';
  if (p.checkpoint === null && p.lagSeconds === 0) return 'nog niet bij';
  const minutes = Math.round(p.lagSeconds / 60);
  return minutes < 1 ? `${aantal(p.lagSeconds, 'seconde', 'seconden')} achter` : minutes < 120 ? `${aantal(minutes, 'minuut', 'minuten')} achter` : `${aantal(Math.round(minutes / 60), 'uur', 'uur')} achter`;
}

export function Peers() {
  const queries = useQueryClient();
  const peers = useQuery({ queryKey: ['peers'], queryFn: () => data(api.GET('/peers')) });
  const [removing, setRemoving] = useState<string>();
  const remove = useMutation({
    mutationFn: (institute: string) => data(api.DELETE('/peers/{institute}', { params: { path: { institute } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['peers'] }),
    onSettled: () => setRemoving(undefined),
  });
  return (
    <section aria-labelledby="peers">
      <Heading2 id="peers">Gekoppelde instituten</Heading2>
      <Paragraph>Instituten waarvan gearbox de gedeelde gegevens (zonder persoonsgegevens) volgt, voor de benchmark.</Paragraph>
      <Loaded query={peers}>
        {({ items }) =>
          items.length === 0 ? (
            <Paragraph>Nog geen gekoppelde instituten.</Paragraph>
          ) : (
            <Rows head={['Instituut', 'Bron', 'Gelezen tot', 'Achterstand', 'Ontvangen', 'Laatste fout', '']}>
              {items.map((p) => (
                <TableRow key={p.institute}>
                  <TableCell>{p.institute}</TableCell>
                  <TableCell>{p.feedUrl ?? `Kafka-topic ${p.kafkaTopic ?? ''}`}{p.hasToken ? '' : ' (zonder token)'}</TableCell>
                  <TableCell>{p.checkpoint === null ? 'nog niets gelezen' : `${p.checkpoint}${p.lastReceivedAt ? `, laatst ontvangen op ${datum(p.lastReceivedAt)}` : ''}`}</TableCell>
                  <TableCell>{achterstand(p)}</TableCell>
                  <TableCell>{aantal(p.received, 'event', 'events')}{p.parked ? `, ${aantal(p.parked, 'geweigerd', 'geweigerd')}` : ''}</TableCell>
                  <TableCell>{p.lastError ? `${datum(p.lastError.at)}: ${p.lastError.message}` : 'geen'}</TableCell>
                  <TableCell>
                    <Button appearance="secondary-action-button" aria-label={`Niet meer volgen: ${p.institute}`} onClick={() => { remove.reset(); setRemoving(p.institute); }}>
                      Niet meer volgen
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </Rows>
          )
        }
      </Loaded>
      {removing ? (
        <Confirm title={`${removing} niet meer volgen?`} yes="Ja, niet meer volgen" busy={remove.isPending} onYes={() => remove.mutate(removing)} onNo={() => setRemoving(undefined)}>
          Gearbox leest dan geen nieuwe gedeelde gegevens van {removing} meer. Wat al ontvangen is, blijft bewaard. U kunt het instituut later
          opnieuw volgen.
        </Confirm>
      ) : null}
      <ProblemAlert>{problemParts(remove.error, []).rest}</ProblemAlert>
      <Heading3>Een instituut volgen</Heading3>
      <SpecForm
        form={ADD}
        heading={false}
        submit="Instituut volgen"
        send={async (body) => {
          await data(api.POST('/peers', { body: body as PeerInput }));
          await queries.invalidateQueries({ queryKey: ['peers'] });
        }}
      />
    </section>
  );
}
