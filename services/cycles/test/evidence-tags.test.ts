import { describe, it } from 'vitest';
import { as, given } from '@gearbox/kernel/testing';
import { cycleDefinition } from '../src/definition.ts';
import * as f from './fixtures.ts';

const qm = as('kwaliteitsmedewerker');
const evidence = { type: 'AddEvidence', evidenceId: 'ebm', title: 'Leerlijn evidence-based medicine', kind: 'document' };

describe('evidence tags (the GEAR mapping turns them into criteria, docs/signalen.md)', () => {
  it('are recorded with the evidence', async () => {
    await given(cycleDefinition, ...f.inDo).when({ ...evidence, tags: ['academisch-niveau'] }, qm).then([['EvidenceAdded', { tags: ['academisch-niveau'], criteria: [] }]]);
  });

  it('are lower-case words joined by hyphens, one to ten of them; anything else is a 400', async () => {
    for (const tags of [[], ['Academisch niveau'], ['academisch_niveau'], ['-x'], ['a'.repeat(51)], Array.from({ length: 11 }, (_, i) => `t${i}`), 'academisch-niveau']) {
      await given(cycleDefinition, ...f.inDo).when({ ...evidence, tags }, qm).thenError(400);
    }
  });
});
