import type { GivenEvent } from '@gearbox/kernel/testing';

export const SUBJECT = 'opleider-s1';
export const registered: GivenEvent = ['OpleiderRegistered', { name: 'Dr. A. Bakker', practice: 'Praktijk De Linde', email: 'a.bakker@example.nl', subjectId: SUBJECT }];
export const scheduled: GivenEvent = ['StartvisitatieScheduled', { date: '2026-03-10' }];
export const telefonisch: GivenEvent = ['StartvisitatieRecorded', { stage: 'telefonisch', outcome: 'positief' }];
export const bezoek: GivenEvent = ['StartvisitatieRecorded', { stage: 'bezoek', outcome: 'voorwaarden', reportEvidenceId: 'sv-1' }];
export const recognised: GivenEvent = ['OpleiderRecognised', { until: '2031-03-01' }];
export const leoh = (evaluationId: string, scores: Record<string, number>, period = '2026-H1', respondent = 'aios-p1'): GivenEvent =>
  ['LeohRecorded', { evaluationId, period, respondent, scores }];
export const signal = (evaluationId: string, period = '2026-H1'): GivenEvent =>
  ['LeohSignalRaised', { evaluationId, period, items: [{ item: 'veiligheid', score: 2 }], threshold: 3 }];
export const decided = (decision: string): GivenEvent => ['CmoDecided', { decision, rationale: 'besproken in de CMO', subjectId: SUBJECT }];

export const inStartvisitatie = [registered, scheduled];
export const visited = [registered, scheduled, telefonisch, bezoek];
export const erkend = [...visited, recognised];
export const inScreening = [...erkend, leoh('e1', { veiligheid: 2 }), signal('e1')];
export const inMonitoring = [...inScreening, decided('monitoring')];
export const inTraject = [...inScreening, decided('ondersteuningstraject')];
