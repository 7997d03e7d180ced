/**
 * The `gearbox export` and `gearbox verify` commands' work, for services/server's CLI: they take
 * an open store and paths, and return what to print. Neither writes to the store.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { EventStore } from '@gearbox/eventstore';
import { exportDossier, verifyDossier, type ExportFormat, type ExportOptions, type Manifest, type VerifyResult } from '@gearbox/gear';

export interface ExportCommandOptions {
  institute: string;
  from?: string;
  to?: string;
  asOf?: string;
  format?: ExportFormat;
  /** `true`: the linked documents in the zip (and its manifest), read with `readDocument`. */
  documents?: ExportOptions['documents'];
  readDocument?: ExportOptions['readDocument'];
  /** File to write; default the download's name in the current folder. */
  out?: string;
}

export async function exportDossierToFile(store: EventStore, options: ExportCommandOptions): Promise<{ file: string; bytes: number; manifest: Manifest }> {
  const { out, ...query } = options;
  const result = await exportDossier(store, query);
  const file = out ?? result.filename;
  await writeFile(file, result.body);
  return { file, bytes: result.body.length, manifest: result.manifest };
}

/** Verifies a dossier zip or a manifest.json on disk against the store; the institute comes from the manifest. */
export async function verifyDossierFile(store: EventStore, path: string): Promise<VerifyResult> {
  return verifyDossier(store, new Uint8Array(await readFile(path)));
}
