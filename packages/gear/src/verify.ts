/**
 * Verify a dossier (API.md `POST /api/v1/gear/verify`, `gearbox verify <zip>`): the files against
 * the manifest, the manifest's chain head against the store, and — because a dossier is
 * deterministic for its position — the manifest's hashes against a dossier rebuilt from the store.
 * So an edited file, a missing or extra file, a manifest edited to match an edited file, and a
 * store whose past events were altered behind the service's back are each found.
 */
import type { EventStore } from '@gearbox/eventstore';
import { instituteSettingAt, issueText, localized, text, type Language, type Message } from '@gearbox/kernel';
import { DOCUMENTS_FOLDER, DOSSIER_FILES, DOSSIER_FORMAT, MANIFEST_FILE, Manifest, dossierOf, linkedDocuments, renderDossierFiles, sha256, type LinkedDocument } from './export.ts';
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
    | 'rebuild-mismatch'
    | 'format-unsupported';
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
  /** The language of the problems' messages (default Dutch); their codes are the same in both. */
  language?: Language;
}

const KNOWN = new Set(Object.values(DOSSIER_FILES));

export async function verifyDossier(store: EventStore, body: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const done = (extra: Partial<VerifyResult> = {}): VerifyResult => ({ valid: problems.length === 0, problems, ...extra });
  const language = options.language ?? 'nl';
  const found = (code: VerifyProblem['code'], message: Message, file?: string) =>
    problems.push({ code, message: localized(message, language), ...(file ? { file } : {}) });

  let files: NamedFile[] | undefined;
  let manifestBytes: Uint8Array;
  if (isZip(body)) {
    try {
      files = unzipFiles(body, options.maxBytes ?? 512 * 1024 * 1024);
    } catch (error) {
      const reason = (error as Error).message;
      found('not-a-dossier', text(`De zip is niet te lezen: ${reason}`, `The zip cannot be read: ${reason}`));
      return done();
    }
    const entry = files.find((f) => f.name === MANIFEST_FILE);
    if (!entry) {
      found('manifest-missing', text(`De zip bevat geen ${MANIFEST_FILE}.`, `The zip holds no ${MANIFEST_FILE}.`), MANIFEST_FILE);
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
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${localized(issueText(i), language)}`).join('; ');
      found('manifest-invalid', `${MANIFEST_FILE}: ${issues}`, MANIFEST_FILE);
      return done();
    }
    manifest = parsed.data;
  } catch {
    found(files ? 'manifest-invalid' : 'not-a-dossier', text('De inhoud is geen dossier-zip en geen manifest.json.', 'The body is neither a dossier zip nor a manifest.json.'), MANIFEST_FILE);
    return done();
  }
  if (options.institute !== undefined && manifest.institute !== options.institute) {
    found(
      'institute-mismatch',
      text(
        `Het manifest is van instituut ${manifest.institute}; het kan alleen tegen de store van dat instituut worden gecontroleerd.`,
        `The manifest is of institute ${manifest.institute}; it can only be checked against that institute's store.`,
      ),
    );
    return done();
  }

  // 1. The files against the manifest.
  if (files) {
    const inZip = new Map(files.map((f) => [f.name, f]));
    for (const entry of manifest.files) {
      const file = inZip.get(entry.name);
      if (!file) found('file-missing', text(`${entry.name} staat in het manifest maar niet in de zip.`, `${entry.name} is in the manifest but not in the zip.`), entry.name);
      else if (sha256(file.bytes) !== entry.sha256 || file.bytes.length !== entry.bytes) {
        found('file-changed', text(`${entry.name} klopt niet met zijn sha256 en grootte in het manifest.`, `${entry.name} does not match its sha256 and size in the manifest.`), entry.name);
      }
    }
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const f of files) {
      if (f.name !== MANIFEST_FILE && !listed.has(f.name)) {
        found('file-extra', text(`${f.name} staat in de zip maar niet in het manifest.`, `${f.name} is in the zip but not in the manifest.`), f.name);
      }
    }
  }

  // 2. The manifest against the store: the chain up to its position.
  const position = BigInt(manifest.position);
  const head = await store.headPosition();
  if (head < position) {
    found(
      'position-beyond-head',
      text(
        `De positie ${manifest.position} van het manifest ligt voorbij de laatste positie ${head} van de store: er ontbreken events in de store.`,
        `The manifest's position ${manifest.position} is beyond the store's last position ${head}: events are missing from the store.`,
      ),
    );
  }
  const read = await readInstitute(store, { institute: manifest.institute, position, chain: true });
  const at = { position: read.position.toString(), eventCount: read.eventCount, chainHead: read.chain!.head };
  if (at.position !== manifest.position) {
    found(
      'position-mismatch',
      text(
        `Het laatste event van ${manifest.institute} tot positie ${manifest.position} staat in de store op ${at.position}.`,
        `The store's last event of ${manifest.institute} up to position ${manifest.position} is at ${at.position}.`,
      ),
    );
  }
  if (at.eventCount !== manifest.eventCount) {
    found(
      'event-count-mismatch',
      text(
        `De store bevat ${at.eventCount} events van ${manifest.institute} tot positie ${manifest.position}; het manifest zegt ${manifest.eventCount}.`,
        `The store holds ${at.eventCount} events of ${manifest.institute} up to position ${manifest.position}; the manifest says ${manifest.eventCount}.`,
      ),
    );
  }
  if (at.chainHead !== manifest.chainHead) {
    found(
      'chain-mismatch',
      text(
        `De hashketen van de store tot positie ${manifest.position} eindigt op ${at.chainHead}, niet op ${manifest.chainHead} van het manifest: eerdere events in de store of het manifest zijn gewijzigd.`,
        `The hash chain of the store up to position ${manifest.position} ends in ${at.chainHead}, not in the manifest's ${manifest.chainHead}: the store's past events or the manifest were changed.`,
      ),
    );
  }

  // 3. The manifest's hashes against a dossier rebuilt from the store at the manifest's position,
  // and its documents (an export with documents=true) against the documents the store links there.
  // Another format was rendered by other code: its files cannot be rebuilt here, and saying so is
  // not saying they were changed (steps 1 and 2 still hold).
  const format = manifest.format ?? 1;
  const rebuildable = format === DOSSIER_FORMAT;
  if (!rebuildable) {
    found(
      'format-unsupported',
      text(
        `Dit dossier heeft dossierformaat ${format}; deze versie van gearbox maakt formaat ${DOSSIER_FORMAT} en kan de dossierbestanden daarom niet herbouwen om ze te vergelijken. De bestanden zijn wel tegen het manifest gecontroleerd en het manifest tegen de hashketen van de store; vergelijk de bestanden met een herbouw door de versie van gearbox die het dossier maakte.`,
        `This dossier has dossier format ${format}; this version of gearbox writes format ${DOSSIER_FORMAT} and so cannot rebuild the dossier files to compare them. The files were checked against the manifest and the manifest against the store's hash chain; compare the files with a rebuild by the version of gearbox that made the dossier.`,
      ),
    );
  }
  let rebuilt: NamedFile[];
  let documents: LinkedDocument[] = [];
  const withDocuments = manifest.files.some((f) => f.name.startsWith(DOCUMENTS_FOLDER));
  try {
    const { setting } = await instituteSettingAt(store, manifest.institute, read.position);
    const dossier = dossierOf(read, { institute: manifest.institute, period: manifest.period, asOf: manifest.asOf, setting });
    if (dossier.framework !== manifest.framework || dossier.version !== manifest.version) {
      const [store, manifested] = [`${dossier.framework} ${dossier.version}`, `${manifest.framework} ${manifest.version}`];
      found(
        'framework-mismatch',
        text(
          `De koppeling in de store gebruikt op deze positie ${store}; het manifest zegt ${manifested}.`,
          `The store's mapping at this position uses ${store}; the manifest says ${manifested}.`,
        ),
      );
    }
    rebuilt = rebuildable ? await renderDossierFiles(dossier) : [];
    if (withDocuments) documents = await linkedDocuments(store, manifest.institute, read);
  } catch (error) {
    const reason = (error as Error).message;
    found('rebuild-failed', text(`Het dossier kon niet uit de store worden herbouwd: ${reason}`, `The dossier could not be rebuilt from the store: ${reason}`));
    return done({ store: at });
  }
  const expectedHash = new Map([...rebuilt.map((f) => [f.name, sha256(f.bytes)] as const), ...documents.map((d) => [d.name, d.sha256] as const)]);
  for (const entry of manifest.files) {
    const expected = expectedHash.get(entry.name);
    if (!rebuildable && KNOWN.has(entry.name)) continue;
    if (!expected) {
      found('file-unknown', text(`${entry.name} is geen bestand van een GEAR-dossier.`, `${entry.name} is not a file of a GEAR dossier.`), entry.name);
    } else if (expected !== entry.sha256) {
      found(
        'rebuild-mismatch',
        text(
          `${entry.name} wijkt af van het dossier dat op positie ${manifest.position} uit de store is herbouwd.`,
          `${entry.name} differs from the dossier rebuilt from the store at position ${manifest.position}.`,
        ),
        entry.name,
      );
    }
  }
  if (files) {
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const name of [...KNOWN, ...documents.map((d) => d.name)]) {
      if (!listed.has(name)) {
        found('file-missing', text(`${name} hoort in een dossier-zip maar staat niet in het manifest.`, `${name} belongs in a dossier zip but the manifest does not list it.`), name);
      }
    }
  }
  return done({ store: at });
}
