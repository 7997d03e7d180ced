/** The cycle's words as the seeds say them. */
import type { Cycle } from '../api/client.ts';

export const PHASES: { phase: Cycle['phase']; label: string }[] = [
  { phase: 'plan', label: 'Plan' },
  { phase: 'do', label: 'Do: uitvoeren' },
  { phase: 'check', label: 'Check: evalueren' },
  { phase: 'act', label: 'Act: bijsturen' },
  { phase: 'closed', label: 'Afgesloten' },
];
export const PHASE_LABEL: Record<Cycle['phase'], string> = { plan: 'Plan', do: 'Do', check: 'Check', act: 'Act', closed: 'Afgesloten', cancelled: 'Geannuleerd' };

export const KIND_LABEL: Record<Cycle['kind'], string> = {
  curriculum: 'Curriculum',
  opleiders: 'Opleiders',
  docenten: 'Docenten',
  leeromgeving: 'Leeromgeving',
  organisatie: 'Organisatie',
};

export const ASSESSMENT_LABEL: Record<Cycle['findings'][number]['assessment'], string> = { voldoet: 'voldoet', deels: 'voldoet deels', 'voldoet-niet': 'voldoet niet' };

export const EVIDENCE_KIND_LABEL: Record<string, string> = {
  document: 'Document',
  survey: 'Enquête',
  'visit-report': 'Visitatierapport',
  minutes: 'Notulen',
  dataset: 'Dataset',
  other: 'Anders',
};

export const AUDIENCE_LABEL: Record<string, string> = { aios: 'aios', opleiders: 'opleiders', docenten: 'docenten', staf: 'staf', bestuur: 'bestuur' };

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
