/**
 * Demo data for `gearbox seed-demo`: a dozen docenten with a year of aios feedback per
 * terugkomdag, a closed 360-degree round and the jaargesprek after it, scholing and intervisie.
 * Through the command path with Idempotency-Keys: fixed ids, and a second run appends nothing.
 */
import type { CommandContext, StreamHandler } from '@gearbox/kernel';
import type { Docent } from './definition.ts';

export const SEED_ACTOR = { sub: 'seed-demo', name: 'Demo-gegevens', roles: ['kwaliteitsmedewerker', 'mt', 'integratie'] };

const NAMES = ['R. Vermeer', 'S. de Jong', 'T. Koning', 'U. Aksoy', 'V. van Dam', 'W. Bosman', 'Y. El Amrani', 'Z. Lammers', 'A. Ruiter', 'B. Wolters', 'C. Veenstra', 'D. Sanders'];
const ROLES = ['huisartsdocent', 'gedragswetenschapper', 'huisartsdocent', 'expertdocent'] as const;
const DAYS = ['2025-09-11', '2025-11-13', '2026-01-15', '2026-03-12'];

export interface DocentenSeed {
  docentIds: string[];
}

export async function seedDocenten(handler: StreamHandler<Docent>, options: { institute?: string } = {}): Promise<DocentenSeed> {
  const institute = options.institute ?? 'utrecht';
  const ctx: CommandContext = { institute, actor: SEED_ACTOR, correlationId: 'seed-demo' };
  const key = (k: string) => ({ idempotencyKey: `seed-demo:${k}`, requestHash: `seed-demo:${k}` });
  const docentIds: string[] = [];
  for (const [i, name] of NAMES.entries()) {
    const { view } = await handler.start(ctx, { name, role: ROLES[i % ROLES.length], email: `docent${i + 1}@huisartsopleiding.example` }, key(`docent-${i}`));
    const id = view.id;
    docentIds.push(id);
    const send = (k: string, body: Record<string, unknown>) => handler.execute(ctx, id, body, key(`docent-${i}-${k}`));
    for (const [d, date] of DAYS.entries()) {
      const base = 6.8 + ((i * 7 + d * 3) % 14) / 10;
      await send(`feedback-${d}`, {
        type: 'RecordAiosFeedback', feedbackId: `terugkomdag-${date}`, date, programme: `terugkomdag-jaar${1 + (i % 3)}`,
        n: 8 + ((i + d) % 9), scores: { didactiek: Math.round(base * 10) / 10, relevantie: Math.round((base + 0.4) * 10) / 10, veiligheid: Math.round((base + 0.2) * 10) / 10 },
      });
    }
    await send('360-start', { type: 'StartFeedbackRound', roundId: '360-2025', year: 2025, sources: ['aios', 'collega', 'zelf'], due: '2025-11-30' });
    await send('360-aios', { type: 'Record360Feedback', roundId: '360-2025', source: 'aios', n: 9, scores: { didactiek: 7.6, betrokkenheid: 8.1 } });
    await send('360-collega', { type: 'Record360Feedback', roundId: '360-2025', source: 'collega', n: 4, scores: { samenwerking: 7.9 } });
    await send('360-sluit', { type: 'CloseFeedbackRound', roundId: '360-2025' });
    if (i !== 5) {
      await send('jaargesprek-2025', {
        type: 'RecordJaargesprek', year: 2025, date: '2025-12-10', agreements: ['Scholing feedback geven volgen', 'Intervisie met twee collega’s'],
        summary: '360-graden feedback besproken; goede waardering van de aios.',
      });
    }
    await send('scholing', { type: 'RecordScholing', scholingId: 'scholing-2026-1', title: i % 2 ? 'Veilig leerklimaat' : 'Toetsing in de praktijk', hours: 8 + (i % 3) * 4, date: '2026-02-05' });
    if (i > 0) await send('intervisie', { type: 'RecordIntervisie', intervisieId: 'intervisie-2026-1', date: '2026-03-05', peers: [docentIds[i - 1]!], theme: 'feedback op terugkomdagen' });
  }
  return { docentIds };
}
