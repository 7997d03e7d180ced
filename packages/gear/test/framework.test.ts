import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_FRAMEWORK_VERSION, FRAMEWORK_DIR, FrameworkFile, availableFrameworks, defaultMapping, frameworkVersion, mappingErrors } from '../src/index.ts';

const DOMAINS = ['visie-kwaliteitsbeleid', 'curriculum', 'leeromgeving', 'toetsing-beoordeling', 'organisatie-management-medewerkers'];

describe('the framework file', () => {
  const framework = frameworkVersion(DEFAULT_FRAMEWORK_VERSION)!;

  test('has the five GEAR domains with the ids of API.md, the three core domains marked', () => {
    expect(framework.domains.map((d) => d.id)).toEqual(DOMAINS);
    expect(framework.domains.filter((d) => d.core).map((d) => d.id)).toEqual(['curriculum', 'leeromgeving', 'toetsing-beoordeling']);
  });

  test('runs the theme academisch niveau through every domain', () => {
    expect(framework.theme.id).toBe('academisch-niveau');
    for (const d of framework.domains) expect(d.criteria.filter((c) => c.theme === 'academisch-niveau').length).toBeGreaterThanOrEqual(1);
  });

  test('is marked as the institute\'s working version, not the official list', () => {
    expect(framework.status).toBe('werkversie');
    expect(framework.note).toMatch(/werkversie van het instituut/i);
    expect(framework.note).toMatch(/niet de officiële GEAR-criteria/);
  });

  test('gives every criterion a unique code in the kernel\'s criterion format', () => {
    const codes = framework.domains.flatMap((d) => d.criteria.map((c) => c.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2,5}-[0-9]{1,3}[a-z]?$/);
  });

  test('ships the default mapping of the brief, and it names only domains and criteria it has', () => {
    const kinds = framework.defaultMapping.cycleKinds;
    expect(kinds.opleiders!.domains).toEqual(['leeromgeving', 'toetsing-beoordeling']);
    expect(kinds.docenten!.domains).toEqual(['organisatie-management-medewerkers', 'curriculum']);
    expect(kinds.leeromgeving!.domains).toEqual(['leeromgeving']);
    expect(kinds.curriculum!.domains).toEqual(['curriculum', 'toetsing-beoordeling']);
    expect(kinds.organisatie!.domains).toEqual(['visie-kwaliteitsbeleid', 'organisatie-management-medewerkers']);
    expect(mappingErrors(framework, framework.defaultMapping)).toEqual([]);
    expect(defaultMapping().mapping.version).toBe(DEFAULT_FRAMEWORK_VERSION);
  });

  test('a file without the theme in a domain is refused', () => {
    const raw = JSON.parse(readFileSync(join(FRAMEWORK_DIR, 'gear-werkversie-2026.1.json'), 'utf8'));
    raw.domains[2].criteria = raw.domains[2].criteria.filter((c: { theme?: string }) => !c.theme);
    const parsed = FrameworkFile.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join()).toMatch(/leeromgeving has no criterion of the theme/);
  });
});

describe('another framework version', () => {
  let dir: string | undefined;
  afterEach(() => {
    delete process.env.GEARBOX_GEAR_FRAMEWORK_DIR;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('is loaded from a file in the operator\'s folder, next to the shipped one, without code', () => {
    dir = mkdtempSync(join(tmpdir(), 'gear-framework-'));
    const raw = JSON.parse(readFileSync(join(FRAMEWORK_DIR, 'gear-werkversie-2026.1.json'), 'utf8'));
    raw.version = 'officieel-2027';
    raw.domains[1].criteria.push({ code: 'CUR-9', title: 'Een nieuw criterium.' });
    writeFileSync(join(dir, 'gear-officieel-2027.json'), JSON.stringify(raw));
    process.env.GEARBOX_GEAR_FRAMEWORK_DIR = dir;
    const all = availableFrameworks();
    expect([...all.keys()].sort()).toEqual(['officieel-2027', DEFAULT_FRAMEWORK_VERSION]);
    expect(frameworkVersion('officieel-2027')!.domains[1]!.criteria.map((c) => c.code)).toContain('CUR-9');
    expect(frameworkVersion(DEFAULT_FRAMEWORK_VERSION)!.domains[1]!.criteria.map((c) => c.code)).not.toContain('CUR-9');
  });
});
