/**
 * Erasure leaves no plaintext anywhere the server writes. A gearbox on a file data dir receives
 * personal data: an opleider and a docent with names and e-mail addresses, an activity owner typed
 * as a name, a user whose token carries a name. Each data subject is forgotten over HTTP
 * (`DELETE /api/v1/subjects/…`), the server is stopped (SIGKILL: nothing may depend on a clean
 * shutdown) and started again, and then every file under the data dir (events, keys, state, WAL and
 * shared-memory files, whatever else is there) and the server's whole log are searched for each
 * value, as UTF-8 and as UTF-16: 0 hits. The answers carried every value before the erasure, and
 * the same search finds the practice's name (not personal, stored as is), so it reads the files
 * where the values would be.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startGearbox, tempDir, token } from './gearbox.ts';

const tmp = tempDir('erasure');
afterAll(() => tmp.remove());

const PRACTICE = 'Praktijk De Linde-Zuidwest';
const PERSONAL = ['Anneke Zwanenburg-Ooievaar', 'anneke.zwanenburg@voorbeeld.nl', 'Bartholomeus Kwikstaart', 'b.kwikstaart@voorbeeld.nl', 'Cornelia Roerdomp', 'Dirkje Grutto'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file and value with a hit: `file: value`. */
function hits(dir: string, values: string[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const value of values) {
      if (bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(value, 'utf16le'))) found.push(`${file.slice(dir.length)}: ${value}`);
    }
  }
  return found;
}

describe('erasure, checked in every file the server writes', () => {
  it('leaves 0 plaintext bytes of a forgotten person in the data dir or the log', { timeout: 120_000 }, async () => {
    const dataDir = join(tmp.dir, 'data');
    const logFile = join(tmp.dir, 'gearbox.log');
    let server = await startGearbox({ dataDir, logFile });
    try {
      const dirk = await token('utrecht', ['kwaliteitsmedewerker', 'mt'], 'u-dirkje', PERSONAL[5]);
      const opleider = await call(server.base, 'POST', '/api/v1/opleiders', dirk, { name: PERSONAL[0], practice: PRACTICE, email: PERSONAL[1] });
      const docent = await call(server.base, 'POST', '/api/v1/docenten', dirk, { name: PERSONAL[2], role: 'huisartsdocent', email: PERSONAL[3] });
      const cycle = await call(server.base, 'POST', '/api/v1/cycles', dirk, { kind: 'curriculum', title: 'Enquêtes 2026', period: { from: '2026-01-01', to: '2026-12-31' } });
      const planned = await call(server.base, 'POST', `/api/v1/cycles/${cycle.body.id}/commands`, dirk, { type: 'PlanActivity', activityId: 'a1', title: 'Enquête afnemen', owner: PERSONAL[4], due: '2026-06-30' });
      expect([opleider.status, docent.status, cycle.status, planned.status]).toEqual([201, 201, 201, 200]);
      // The search sees them while they are known: the answers carry every value.
      const answers = [opleider.text, docent.text, planned.text].join('');
      expect(PERSONAL.filter((v) => !answers.includes(v))).toEqual([]);

      const admin = await token('utrecht', ['admin'], 'u-beheer', 'Beheerder');
      const subjects = [opleider.body.subjectId, docent.body.subjectId, `owner:${PERSONAL[4]}`, 'u-dirkje'];
      for (const subject of subjects) {
        const erased = await call(server.base, 'DELETE', `/api/v1/subjects/${encodeURIComponent(subject)}`, admin);
        expect({ subject, status: erased.status }).toEqual({ subject, status: 200 });
      }
      const after = await call(server.base, 'GET', `/api/v1/opleiders/${opleider.body.id}`, dirk);
      expect(after.text).not.toContain(PERSONAL[0]);

      await server.kill();
      server = await startGearbox({ dataDir, logFile });
      const trail = await call(server.base, 'GET', `/api/v1/cycles/${cycle.body.id}/events`, dirk);
      expect(trail.status).toBe(200);
    } finally {
      await server.kill();
    }
    const files = filesUnder(tmp.dir);
    expect(files).toContain(logFile);
    expect(files.some((f) => f.endsWith('events.sqlite3'))).toBe(true);
    expect(hits(tmp.dir, [PRACTICE])).not.toEqual([]);
    expect(hits(tmp.dir, PERSONAL)).toEqual([]);
    console.log(`reliability erasure: ${PERSONAL.length} personal values of 4 subjects, ${files.length} files searched (${files.map((f) => f.slice(tmp.dir.length + 1)).join(', ')}), 0 hits`);
  });
});
