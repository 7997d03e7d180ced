/**
 * Demo signals for `gearbox seed-demo`: a complaint handled and closed, weekstart signals about
 * the training climate (one still in handling, one not yet triaged) and an incident from a
 * evening shift, closed with an agreement. Through the command path with Idempotency-Keys: a second
 * run appends nothing. Every day lies before 2026-03-01, the clock of the server's tests.
 */
import type { CommandContext, StreamHandler } from '@gearbox/kernel';
import type { Signaal } from './definition.ts';

const SEED_ACTOR = { sub: 'seed-demo', name: 'Demo-gegevens', roles: ['kwaliteitsmedewerker', 'mt'] };

type Step = Record<string, unknown> & { type: string };
interface DemoSignaal { key: string; start: Record<string, unknown>; steps: Step[] }

export const DEMO_SIGNALEN: DemoSignaal[] = [
  {
    key: 'klacht-rooster',
    start: { kind: 'klacht', title: 'Klacht over late roosterwijzigingen van de terugkomdag', receivedOn: '2025-11-18', summary: 'Een aios meldt dat wijzigingen in het rooster van de terugkomdag pas enkele dagen vooraf worden doorgegeven.' },
    steps: [
      { type: 'Triage', severity: 'midden', owner: 'Klachtencoördinator' },
      { type: 'RecordFollowUp', text: 'Gesprek met de aios en het onderwijsbureau; roosterwijzigingen worden voortaan uiterlijk vier weken vooraf gemeld.' },
      { type: 'CloseSignaal', outcome: 'Afgehandeld met een werkafspraak met het onderwijsbureau; de aios is tevreden over de afhandeling.' },
    ],
  },
  {
    key: 'weekstart-nabespreking',
    start: { kind: 'weekstart', title: 'Weekstart: te weinig tijd voor nabespreking in de praktijk', receivedOn: '2026-01-12', summary: 'In de weekstart melden drie eerstejaars dat er in de praktijk te weinig tijd is voor de nabespreking van consulten.' },
    steps: [
      { type: 'Triage', severity: 'hoog', owner: 'Praktijkbegeleider jaar 1' },
      { type: 'RecordFollowUp', text: 'Besproken in de opleidersgroep; de nabespreking wordt een vast onderdeel van het leergesprek.' },
    ],
  },
  {
    key: 'incident-avonddienst',
    start: { kind: 'incident', title: 'Incident: aios zonder bereikbare supervisor tijdens een avonddienst', receivedOn: '2026-02-09', summary: 'Een aios meldt een agressieve patiënt tijdens een avonddienst op de huisartsenpost, terwijl de supervisor niet bereikbaar was.' },
    steps: [
      { type: 'Triage', severity: 'hoog', owner: 'Stafarts leeromgeving' },
      { type: 'RecordFollowUp', text: 'Met de huisartsenpost afgesproken dat een aios nooit dienst doet zonder bereikbare supervisor.' },
      { type: 'CloseSignaal', outcome: 'Afspraak vastgelegd en aan alle aios en opleiders meegedeeld.' },
    ],
  },
  {
    key: 'weekstart-leergesprek',
    start: { kind: 'weekstart', title: 'Weekstart: goede ervaringen met het nieuwe leergesprek', receivedOn: '2026-02-23', summary: 'Tweedejaars melden dat het nieuwe leergesprek helpt om leerdoelen met de opleider af te spreken.' },
    steps: [],
  },
];

export async function seedSignalen(handler: StreamHandler<Signaal>, institute = 'utrecht'): Promise<{ signaalIds: string[] }> {
  const ctx: CommandContext = { institute, actor: SEED_ACTOR, correlationId: 'seed-demo' };
  const key = (k: string) => ({ idempotencyKey: `seed-demo:signaal:${k}`, requestHash: `seed-demo:signaal:${k}` });
  const signaalIds: string[] = [];
  for (const s of DEMO_SIGNALEN) {
    const { view } = await handler.start(ctx, s.start, key(s.key));
    signaalIds.push(view.id);
    for (const [i, step] of s.steps.entries()) await handler.execute(ctx, view.id, step, key(`${s.key}:${i}`));
  }
  return { signaalIds };
}
