/**
 * Verify a dossier (API.md `POST /api/v1/gear/verify`, `gearbox verify <zip>`): the files against
 * the manifest, the manifest's chain head against the store, and — because a dossier is
 * deterministic for its position — the manifest's hashes against a dossier rebuilt from the store.
 * So an edited file, a missing or extra file, a manifest edited to match an edited file, and a
 * store whose past events were altered behind the service's back are each found.
 */
import type { EventStore } from '@gearbox/eventstore';
import { DOSSIER_FILES, MANIFEST_FILE, Manifest, dossierOf, renderDossierFiles, sha256 } from './export.ts';
import { readInstitute } from './read.ts';
import { isZip, unzipFiles, type NamedFile } from './zip.ts';

export interface VerifyProblem {
  code:
    | 'not-a-dossier'
    | 'manifest-missing'
    | 'manifest-invalid'
    | 'institute-mismatch'
    | 'file-missing'
    | 'file-extra'
    | 'file-changed'
    | 'file-unknown'
    | 'position-beyond-head'
    | 'position-mismatch'
    | 'event-count-mismatch'
    | 'chain-mismatch'
    | 'framework-mismatch'
    | 'rebuild-failed'
    | 'rebuild-mismatch';
  message: string;
  file?: string;
}

export interface VerifyResult {
  valid: boolean;
  problems: VerifyProblem[];
  /** What the store says at the manifest's position. */
  store?: { position: string; eventCount: number; chainHead: string };
}

export interface VerifyOptions {
  /** The caller's institute: a manifest of another institute is not checked against the store. */
  institute?: string;
  /** Refuse zips that unpack to more than this (default 512 MiB). */
  maxBytes?: number;
}

const KNOWN = new Set(Object.values(DOSSIER_FILES));

export async function verifyDossier(store: EventStore, body: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const done = (extra: Partial<VerifyResult> = {}): VerifyResult => ({ valid: problems.length === 0, problems, ...extra });

  let files: NamedFile[] | undefined;
  let manifestBytes: Uint8Array;
  if (isZip(body)) {
    try {
      files = unzipFiles(body, options.maxBytes ?? 512 * 1024 * 1024);
    } catch (error) {
      problems.push({ code: 'not-a-dossier', message: `The zip cannot be read: ${(error as Error).message}` });
      return done();
    }
    const entry = files.find((f) => f.name === MANIFEST_FILE);
    if (!entry) {
      problems.push({ code: 'manifest-missing', message: `The zip holds no ${MANIFEST_FILE}.`, file: MANIFEST_FILE });
      return done();
    }
    manifestBytes = entry.bytes;
  } else {
    manifestBytes = body;
  }

  let manifest: Manifest;
  try {
    const parsed = Manifest.safeParse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
    if (!parsed.success) {
      problems.push({ code: 'manifest-invalid', message: `manifest.json: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, file: MANIFEST_FILE });
      return done();
    }
    manifest = parsed.data;
  } catch {
    problems.push({ code: files ? 'manifest-invalid' : 'not-a-dossier', message: 'The body is neither a dossier zip nor a manifest.json.', file: MANIFEST_FILE });
    return done();
  }
  if (options.institute !== undefined && manifest.institute !== options.institute) {
    problems.push({ code: 'institute-mismatch', message: `The manifest is of institute ${manifest.institute}; it can only be checked against that institute's store.` });
    return done();
  }

  // 1. The files against the manifest.
  if (files) {
    const inZip = new Map(files.map((f) => [f.name, f]));
    for (const entry of manifest.files) {
      const file = inZip.get(entry.name);
      if (!file) problems.push({ code: 'file-missing', message: `${entry.name} is in the manifest but not in the zip.`, file: entry.name });
      else if (sha256(file.bytes) !== entry.sha256 || file.bytes.length !== entry.bytes) {
        problems.push({ code: 'file-changed', message: `${entry.name} does not match its sha256 and size in the manifest.`, file: entry.name });
      }
    }
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const f of files) {
      if (f.name !== MANIFEST_FILE && !listed.has(f.name)) problems.push({ code: 'file-extra', message: `${f.name} is in the zip but not in the manifest.`, file: f.name });
    }
  }

  // 2. The manifest against the store: the chain up to its position.
  const position = BigInt(manifest.position);
  const head = await store.headPosition();
  if (head < position) {
    problems.push({ code: 'position-beyond-head', message: `The manifest's position ${manifest.position} is beyond the store's last position ${head}: events are missing from the store.` });
  }
  const read = await readInstitute(store, { institute: manifest.institute, position, chain: true });
  const at = { position: read.position.toString(), eventCount: read.eventCount, chainHead: read.chain!.head };
  if (at.position !== manifest.position) {
    problems.push({ code: 'position-mismatch', message: `The store's last event of ${manifest.institute} up to position ${manifest.position} is at ${at.position}.` });
  }
  if (at.eventCount !== manifest.eventCount) {
    problems.push({ code: 'event-count-mismatch', message: `The store holds ${at.eventCount} events of ${manifest.institute} up to position ${manifest.position}; the manifest says ${manifest.eventCount}.` });
  }
  if (at.chainHead !== manifest.chainHead) {
    problems.push({ code: 'chain-mismatch', message: `The hash chain of the store up to position ${manifest.position} ends in ${at.chainHead}, not in the manifest's ${manifest.chainHead}: the store's past events or the manifest were changed.` });
  }

  // 3. The manifest's hashes against a dossier rebuilt from the store at the manifest's position.
  let rebuilt: NamedFile[];
  try {
    const dossier = dossierOf(read, { institute: manifest.institute, period: manifest.period, asOf: manifest.asOf });
    if (dossier.framework !== manifest.framework || dossier.version !== manifest.version) {
      problems.push({ code: 'framework-mismatch', message: `The store's mapping at this position uses ${dossier.framework} ${dossier.version}; the manifest says ${manifest.framework} ${manifest.version}.` });
    }
    rebuilt = await renderDossierFiles(dossier);
  } catch (error) {
    problems.push({ code: 'rebuild-failed', message: `The dossier could not be rebuilt from the store: ${(error as Error).message}` });
    return done({ store: at });
  }
  const byName = new Map(rebuilt.map((f) => [f.name, f]));
  for (const entry of manifest.files) {
    const expected = byName.get(entry.name);
    if (!KNOWN.has(entry.name) || !expected) {
      problems.push({ code: 'file-unknown', message: `${entry.name} is not a file of a GEAR dossier.`, file: entry.name });
    } else if (sha256(expected.bytes) !== entry.sha256) {
      problems.push({ code: 'rebuild-mismatch', message: `${entry.name} differs from the dossier rebuilt from the store at position ${manifest.position}.`, file: entry.name });
    }
  }
  if (files) {
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const name of KNOWN) {
      if (!listed.has(name)) problems.push({ code: 'file-missing', message: `${name} belongs in a dossier zip but the manifest does not list it.`, file: name });
    }
  }
  return done({ store: at });
}
