/**
 * Files in and out: a file field that also takes a dropped file, the upload of an institute
 * document (POST /documents) as a form field whose value is the document's id, and saving a download.
 */
import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, FormField, FormFieldDescription, FormFieldErrorMessage, FormLabel, Paragraph } from '@utrecht/component-library-react/css-module';
import { api, ApiProblem, data, type Schemas } from './api/client.ts';
import { getal } from './format.ts';
// forms.tsx imports this file too; ProblemAlert is only used while rendering, so the cycle is harmless.
import { ProblemAlert } from './forms.tsx';

interface FileDropProps {
  label: string;
  description: ReactNode;
  accept?: string;
  error?: string | undefined;
  busy?: boolean;
  onFile: (file: File) => void;
  children?: ReactNode;
}

/** A file picker (keyboard: Tab and Enter/Space) in a zone that also takes a dropped file. */
export function FileDrop({ label, description, accept, error, busy, onFile, children }: FileDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const dropped = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <FormField invalid={Boolean(error)}>
      <div
        className={`gearbox-drop${over ? ' gearbox-drop--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={dropped}
      >
        <FormLabel htmlFor={id}>{label}</FormLabel>
        <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>
        {error ? <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage> : null}
        <input
          id={id}
          type="file"
          accept={accept}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-description`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-busy={busy || undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onFile(file);
            e.target.value = '';
          }}
        />
        {children}
      </div>
    </FormField>
  );
}

/** A problem of the API in one sentence: what went wrong and, when it names them, what each part needs. */
export function problemText(error: unknown): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ApiProblem)) return 'De server is niet bereikbaar. Probeer het zo nog eens.';
  return [error.message, ...(error.problem.errors ?? []).map((e) => e.message)].filter(Boolean).join(' — ');
}

type Document = Schemas['Document'];

const grootte = (bytes: number) => (bytes < 1024 * 1024 ? `${getal(Math.max(1, Math.round(bytes / 1024)))} kB` : `${getal(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`);

/**
 * "Bewijs toevoegen" with a file: the file is uploaded as soon as it is chosen or dropped, and its
 * document id becomes the field's value (AddEvidence {documentId}; the server fills sha256).
 */
export function DocumentField({ label, value, onChange, error }: { label: string; value: string; onChange: (documentId: string) => void; error?: string | undefined }) {
  const [uploaded, setUploaded] = useState<Document>();
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return data(api.POST('/documents', { body: form as never }));
    },
    onSuccess: (document) => {
      setUploaded(document);
      onChange(document.documentId);
    },
    onError: () => onChange(''),
  });
  const current = uploaded && uploaded.documentId === value ? uploaded : undefined;
  return (
    <FileDrop
      label={label}
      description={<>Sleep een bestand hierheen of kies er een: pdf, Word, Excel, PowerPoint, OpenDocument, png, jpg, csv of txt, hoogstens 64 MB. <strong>Upload geen persoonsgegevens</strong>: alleen documenten van het instituut, zoals notulen, rapporten en enquêteresultaten.</>}
      error={problemText(upload.error) ?? error}
      busy={upload.isPending}
      onFile={(file) => upload.mutate(file)}
    >
      {upload.isPending ? <Paragraph>Bezig met uploaden…</Paragraph> : null}
      {current ? <Paragraph role="status">Geüpload: {current.filename} ({grootte(current.bytes)})</Paragraph> : null}
    </FileDrop>
  );
}

/** The file name in a Content-Disposition: the UTF-8 one (`filename*=UTF-8''Enqu%C3%AAte.pdf`) before the plain one. */
export function fileName(disposition: string): string | undefined {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/** Saves a file the API answered with (a dossier, a document) under the name it gives. */
export async function saveDownload(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<void> {
  const { response } = await call;
  const blob = await data(call);
  const name = fileName(response.headers.get('Content-Disposition') ?? '') ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Bestand van … downloaden": the uploaded file of an evidence item, saved under its own name (the token stays out of any URL). */
export function DocumentDownload({ documentId, title }: { documentId: string; title: string }) {
  const download = useMutation({ mutationFn: () => saveDownload(api.GET('/documents/{id}', { params: { path: { id: documentId } }, parseAs: 'blob' }), title) });
  return (
    <>
      {' '}
      <Button appearance="subtle-button" busy={download.isPending} onClick={() => download.mutate()}>Bestand van {title} downloaden</Button>
      <ProblemAlert>{problemText(download.error)}</ProblemAlert>
    </>
  );
}
