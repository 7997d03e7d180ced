/**
 * `DELETE /api/v1/subjects/:subjectId` (admin): forget a data subject by deleting its keys
 * (ADR 0005). The erasure itself is an event in the institute's privacy stream, so the audit trail
 * keeps that it happened, by whom and when — without the personal data.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { deterministicId, envelopeOf, FORGOTTEN, isSealed, NotFoundError, unseal, ValidationError, type Clock, type KeyStore, text } from '@gearbox/kernel';
import { ownerSubject } from '@gearbox/cycles';
import type { EventStore } from '@gearbox/eventstore';
import { instant, requireRole, type AuthVariables, type PersonRef, type RouteDoc } from '@gearbox/http';

/**
 * The erasure is appended directly (not through a stream type): it has no process, no commands
 * and no state, only the envelope every event carries. One stream per institute.
 */
export const SubjectErased = z.object({
  subjectId: z.string().describe('The data subject whose keys were deleted (a person id, or owner:<hash>)'),
  keysDeleted: z.number().int().min(0),
});

export const privacyDocs: RouteDoc[] = [
  {
    method: 'delete', path: '/api/v1/subjects/{subjectId}', tag: 'privacy', operationId: 'forgetSubject', roles: ['admin'],
    summary: 'Een betrokkene vergeten: zijn sleutels worden gewist, zijn persoonsgegevens lezen daarna als [vergeten]. Een naam zoals in een veld getypt (een eigenaar) is owner:<naam>.',
    responses: {
      '200': {
        description: 'Het wissen, ook vastgelegd als SubjectErased in de privacystroom van het instituut',
        schema: z
          .object({ subjectId: z.string(), keysDeleted: z.number().int(), erasedAt: instant, erasedBy: z.string(), position: z.string() })
          .meta({ id: 'Erasure' }),
      },
      '404': 'Dit instituut kent deze betrokkene niet (ook: een betrokkene van een ander instituut); er wordt niets vastgelegd',
    },
  },
  {
    method: 'get', path: '/api/v1/subjects', tag: 'privacy', operationId: 'listSubjects', roles: ['admin'],
    summary: 'De personen van wie dit instituut persoonsgegevens bewaart (opleiders, docenten, eigenaren van activiteiten en acties), met hun naam, om er één te kunnen vergeten; al vergeten personen staan er niet in',
    responses: {
      '200': {
        description: 'De personen, op naam',
        schema: z
          .object({ items: z.array(z.object({ subjectId: z.string(), name: z.string(), kind: z.string().describe('opleider, docent of eigenaar') })) })
          .meta({ id: 'SubjectList' }),
      },
    },
  },
  {
    method: 'get', path: '/api/v1/subjects/erasures', tag: 'privacy', operationId: 'listErasures', roles: ['admin', 'auditor'],
    summary: 'Wie welke betrokkene wanneer liet vergeten',
    responses: {
      '200': {
        description: 'Het wislogboek',
        schema: z.object({ items: z.array(z.object({ subject: z.string(), erasedAt: instant, erasedBy: z.string() })) }).meta({ id: 'ErasureLog' }),
      },
    },
  },
];

/** `owner:<name>` (as typed by an admin) → the hashed subject the name was sealed under. */
export function normaliseSubject(subjectId: string): string {
  if (subjectId.startsWith('owner:') && !/^owner:[0-9a-f]{24}$/.test(subjectId)) return ownerSubject(subjectId.slice('owner:'.length));
  return subjectId;
}

/** Each person once (by subject), named, without those already forgotten; by name. */
export function subjectList(keys: KeyStore, institute: string, people: PersonRef[]): { subjectId: string; name: string; kind: string }[] {
  const bySubject = new Map<string, { subjectId: string; name: string; kind: string }>();
  for (const p of people) {
    if (!isSealed(p.name) || bySubject.has(p.name.s)) continue;
    const name = unseal(keys, institute, p.name);
    if (typeof name === 'string' && name !== FORGOTTEN) bySubject.set(p.name.s, { subjectId: p.name.s, name, kind: p.kind });
  }
  return [...bySubject.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** `people`: whom the modules keep personal data of, in one institute (ServiceModule.people). */
export function privacyRoutes(store: EventStore, keys: KeyStore, clock: Clock, people: (institute: string) => PersonRef[] = () => []): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.get('/subjects', (c) => {
    requireRole(c.get('actor'), ['admin'], text('de personen lezen', 'read the people'));
    const institute = c.get('institute');
    return c.json({ items: subjectList(keys, institute, people(institute)) });
  });
  app.delete('/subjects/:subjectId', async (c) => {
    const actor = c.get('actor');
    const institute = c.get('institute');
    requireRole(actor, ['admin'], text('een betrokkene vergeten', 'forget a data subject'));
    // Decoded once by the router; a path that is no valid percent-encoding was refused (pathEncoding).
    const raw = c.req.param('subjectId');
    if (raw.length === 0 || raw.length > 300) throw new ValidationError([{ path: 'subjectId', message: text('1 tot 300 tekens', '1 to 300 characters') }]);
    const subject = normaliseSubject(raw);
    // Another institute's subject, or one never seen, is not found here (API.md), and nothing is written.
    if (!keys.knows(institute, subject)) throw new NotFoundError(text(`Betrokkene ${raw}`, `Data subject ${raw}`));
    const at = clock();
    const now = at.toISOString();
    const keysDeleted = keys.erase(institute, subject, actor.sub, now);
    const metadata = envelopeOf(keys, { institute, actor, correlationId: c.get('correlationId') }, at);
    const result = await store.appendToStream(`${institute}/privacy-${institute}`, [
      { id: deterministicId(`erasure:${institute}:${subject}:${now}`), type: 'SubjectErased', data: { subjectId: subject, keysDeleted }, metadata },
    ]);
    return c.json({ subjectId: subject, keysDeleted, erasedAt: now, erasedBy: actor.sub, position: result.position.toString() });
  });
  app.get('/subjects/erasures', (c) => {
    requireRole(c.get('actor'), ['admin', 'auditor'], text('het vergeetlogboek lezen', 'read the erasure log'));
    return c.json({ items: keys.erasures(c.get('institute')) });
  });
  return app;
}
