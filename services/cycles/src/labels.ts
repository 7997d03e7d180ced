/** A cycle's phase as Dutch texts name it (dossier, jaarverslag): plan, uitvoering, evaluatie, bijsturing. */
export const PHASE_LABELS: Record<string, string> = {
  plan: 'plan',
  do: 'uitvoering',
  check: 'evaluatie',
  act: 'bijsturing',
  closed: 'afgesloten',
  cancelled: 'geannuleerd',
};

/** An evidence kind in Dutch words (dossier, jaarverslag). */
export const KIND_LABELS: Record<string, string> = {
  document: 'document',
  survey: 'enquête',
  'visit-report': 'bezoekverslag',
  minutes: 'notulen',
  dataset: 'registratie',
  other: 'overig',
};
