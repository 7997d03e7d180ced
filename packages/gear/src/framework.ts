/**
 * The GEAR framework as versioned data (ARCHITECTURE.md "GEAR"): one JSON file per version in
 * packages/gear/framework/. Swapping in the official criteria list is a new file, not a code
 * change; a released file is never edited, so a dossier rebuilt later finds the same version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { criterionCode } from '@gearbox/cycles';
import { MappingRules } from './mapping-rules.ts';

export const FRAMEWORK_DIR = fileURLToPath(new URL('../framework/', import.meta.url));

/** The version an institute is on until its admin chooses another (`PUT /api/v1/gear/mapping`). */
export const DEFAULT_FRAMEWORK_VERSION = 'werkversie-2026.1';

const Criterion = z
  .object({ code: criterionCode, title: z.string().min(1), theme: z.string().optional() })
  .strict();

const Domain = z
  .object({
    id: z.string().regex(/^[a-z-]+$/),
    code: z.string().min(1),
    title: z.string().min(1),
    /** Worksheet name in dossier.xlsx (at most 31 characters, Excel's limit). */
    sheet: z.string().min(1).max(31).regex(/^[^:\\/?*[\]]+$/),
    core: z.boolean(),
    criteria: z.array(Criterion).min(1),
  })
  .strict();

export const FrameworkFile = z
  .object({
    framework: z.string().min(1),
    version: z.string().regex(/^[A-Za-z0-9._-]+$/),
    title: z.string().min(1),
    status: z.string().min(1),
    note: z.string(),
    theme: z.object({ id: z.string(), title: z.string(), description: z.string() }).strict(),
    domains: z.array(Domain).min(1),
    defaultMapping: MappingRules,
  })
  .strict()
  .superRefine((f, ctx) => {
    const codes = f.domains.flatMap((d) => d.criteria.map((c) => c.code));
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `criterion ${dup} appears twice`, path: ['domains'] });
    for (const d of f.domains) {
      if (!d.criteria.some((c) => c.theme === f.theme.id)) {
        ctx.addIssue({ code: 'custom', message: `domain ${d.id} has no criterion of the theme ${f.theme.id}`, path: ['domains'] });
      }
    }
  });

export type Framework = z.infer<typeof FrameworkFile>;
export type Domain = Framework['domains'][number];
export type Criterion = Domain['criteria'][number];

const cache = new Map<string, Framework>();

/**
 * The folders searched for framework files: the versions shipped here, and the operator's own
 * folder in GEARBOX_GEAR_FRAMEWORK_DIR (for the official list, without touching the code).
 */
export function frameworkDirs(): string[] {
  const extra = process.env.GEARBOX_GEAR_FRAMEWORK_DIR?.trim();
  return extra ? [FRAMEWORK_DIR, extra] : [FRAMEWORK_DIR];
}

/** Every framework version in the folders, by version. */
export function availableFrameworks(dirs = frameworkDirs()): Map<string, Framework> {
  const out = new Map<string, Framework>();
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const parsed = FrameworkFile.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success) throw new Error(`framework file ${name} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (out.has(parsed.data.version)) throw new Error(`framework version ${parsed.data.version} is in two files`);
      out.set(parsed.data.version, parsed.data);
    }
  }
  return out;
}

/** The framework of a version; undefined when no file holds it. A released version never changes, so it is cached. */
export function frameworkVersion(version: string): Framework | undefined {
  if (!cache.has(version)) {
    const found = availableFrameworks().get(version);
    if (!found) return undefined;
    cache.set(version, found);
  }
  return cache.get(version);
}

export interface CriterionIndex {
  domainOf: Map<string, Domain>;
  criterion: Map<string, Criterion>;
}

export function indexCriteria(framework: Framework): CriterionIndex {
  const domainOf = new Map<string, Domain>();
  const criterion = new Map<string, Criterion>();
  for (const d of framework.domains) {
    for (const c of d.criteria) {
      domainOf.set(c.code, d);
      criterion.set(c.code, c);
    }
  }
  return { domainOf, criterion };
}
