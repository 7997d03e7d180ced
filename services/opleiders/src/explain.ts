/**
 * Why an opleider refuses a command, in words (API.md: a 422 names what is missing). The opleider
 * runs two tracks (machine.ts); `status` is the opleiding track, the CMO track is read from the
 * context. Each reason mirrors the guard or state that blocks the step; anything else keeps the
 * kernel's "not in this phase" answer.
 */
import { text, unfinished, type Text } from '@gearbox/kernel';
import type { OpleiderContext } from './machine.ts';

type Reason = (c: OpleiderContext, status: string) => Text | undefined;

const ENDED = text('De opleiding van deze opleider is beëindigd.', 'The training relation of this opleider has ended.');
const NEGATIVE = text(
  'De startvisitatie was negatief; plan een nieuwe (ScheduleStartvisitatie).',
  'The startvisitatie was negative; schedule a new one (ScheduleStartvisitatie).',
);
const cmoOpen = (c: OpleiderContext) => c.cmo !== null && c.cmo.status !== 'afgesloten';

const LAPSED = text('De erkenning van deze opleider is verlopen; erken opnieuw (Recognise).', 'The recognition of this opleider has lapsed; recognise again (Recognise).');

/** Recorded only for a recognised opleider (the `erkend` state). */
const afterRecognition: Reason = (c, status) => {
  if (status === 'verlopen') return LAPSED;
  return status === 'aangemeld' || status === 'startvisitatie' ? unfinished([text('de erkenning van deze opleider', 'the recognition of this opleider')]) : undefined;
};

const reasons: Record<string, Reason> = {
  ScheduleStartvisitatie: (c, status) =>
    status === 'startvisitatie' && (c.startvisitatie.status === 'telefonisch' || c.startvisitatie.status === 'bezocht')
      ? text('De startvisitatie loopt al of is met een bezoek afgerond.', 'The startvisitatie is under way or finished with a visit.')
      : undefined,
  RecordStartvisitatie: (c, status) => {
    if (status === 'aangemeld') {
      return text('Er is geen startvisitatie gepland; plan er eerst een (ScheduleStartvisitatie).', 'No startvisitatie is scheduled; schedule one first (ScheduleStartvisitatie).');
    }
    if (status !== 'startvisitatie') return undefined;
    if (c.startvisitatie.status === 'negatief') return NEGATIVE;
    return text('De startvisitatie is al met een bezoek afgerond.', 'The startvisitatie is already finished with a visit.');
  },
  Recognise: (c, status) => {
    if (status !== 'aangemeld' && status !== 'startvisitatie') return undefined;
    if (c.startvisitatie.status === 'negatief') return NEGATIVE;
    const missing = c.startvisitatie.status === 'telefonisch' ? [] : [text('het telefonische gesprek', 'the telephone intake')];
    return unfinished([...missing, text('het bezoek van de startvisitatie', 'the visit of the startvisitatie')]);
  },
  RecordLeoh: afterRecognition,
  RecordZelfevaluatie: afterRecognition,
  RecordFunctioneringsgesprek: afterRecognition,
  ReferToCmo: (c, status) => {
    if (status === 'beeindigd') return ENDED;
    return cmoOpen(c) ? text(`Er loopt al een CMO-dossier (${c.cmo!.status}).`, `A CMO file is already open (${c.cmo!.status}).`) : undefined;
  },
  DecideCmo: (c) =>
    c.cmo?.status === 'screening' || c.cmo?.status === 'monitoring'
      ? undefined
      : text('Er is geen CMO-screening of monitoring om over te beslissen.', 'There is no CMO screening or monitoring to decide on.'),
  CloseCmoTraject: (c) =>
    c.cmo?.status === 'monitoring' || c.cmo?.status === 'ondersteuningstraject'
      ? undefined
      : text('Er loopt geen CMO-monitoring of ondersteuningstraject om af te sluiten.', 'There is no CMO monitoring or ondersteuningstraject to close.'),
};

/** The hook of the opleider's StreamDefinition (`explain`); `status` is the opleiding track's state. */
export function explainOpleider(context: OpleiderContext, command: string, status: string): Text | undefined {
  return Object.hasOwn(reasons, command) ? reasons[command]!(context, status) : undefined;
}
