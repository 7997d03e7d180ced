import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandNotAllowedError, DomainError, NotFoundError, RevisionConflictError, text, ValidationError } from '@gearbox/kernel';
import { errorHandler, negotiateLanguage, notFound } from '../src/problem.ts';

function appLogging(lines: string[]) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = new Hono();
  app.onError(errorHandler(pino({ level: 'info' }, sink)));
  app.notFound(notFound);
  return app;
}

describe('problem+json', () => {
  const logged: string[] = [];
  const app = appLogging(logged);
  app.get('/domain', () => {
    throw new DomainError('custom', 418, 'Teapot', 'short and stout', { extra: 1 });
  });
  app.get('/invalid', () => {
    throw new ValidationError([{ path: 'period.to', message: text('to mag niet vóór from liggen', 'from must not be after to') }]);
  });
  app.get('/conflict', () => {
    throw new RevisionConflictError(7);
  });
  app.get('/phase', () => {
    throw new CommandNotAllowedError('StartCheck', ['SetGoal', 'CancelCycle'], text('StartCheck kan niet in fase plan.', 'StartCheck is not allowed in phase plan.'));
  });
  app.get('/missing', () => {
    throw new NotFoundError(text('cyclus 42', 'cycle 42'));
  });
  app.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:12');
  });

  it('a domain error keeps its type, status and extensions', async () => {
    const res = await app.request('/domain');
    expect(res.status).toBe(418);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({ type: 'https://gearbox.dev/problems/custom', title: 'Teapot', status: 418, detail: 'short and stout', instance: '/domain', extra: 1 });
  });

  it('400 lists errors[{path, message}], 409 the current revision, 422 what is allowed, 404 what is missing', async () => {
    expect(await (await app.request('/invalid')).json()).toMatchObject({ status: 400, errors: [{ path: 'period.to', message: 'to mag niet vóór from liggen' }] });
    expect(await (await app.request('/conflict')).json()).toMatchObject({ status: 409, currentRevision: 7 });
    expect(await (await app.request('/phase')).json()).toMatchObject({ status: 422, allowed: ['SetGoal', 'CancelCycle'], command: 'StartCheck' });
    const missing = await app.request('/missing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'https://gearbox.dev/problems/not-found', title: 'Niet gevonden', detail: 'cyclus 42 is niet gevonden.' });
  });

  it('answers in Dutch by default and in English with Accept-Language: en; type, status, codes and field paths stay', async () => {
    const invalid = (headers: Record<string, string>) => app.request('/invalid', { headers });
    const dutch = await invalid({});
    const english = await invalid({ 'Accept-Language': 'en-GB,en;q=0.9,nl;q=0.5' });
    expect(dutch.headers.get('content-language')).toBe('nl');
    expect(english.headers.get('content-language')).toBe('en');
    for (const res of [dutch, english]) expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    const [nl, en] = [(await dutch.json()) as Record<string, unknown>, (await english.json()) as Record<string, unknown>];
    expect(nl).toMatchObject({ title: 'Ongeldig verzoek', detail: 'Het verzoek is niet geldig.', errors: [{ path: 'period.to', message: 'to mag niet vóór from liggen' }] });
    expect(en).toMatchObject({ title: 'Invalid request', detail: 'The request is not valid.', errors: [{ path: 'period.to', message: 'from must not be after to' }] });
    expect([en.type, en.status]).toEqual([nl.type, nl.status]);

    const phase = await (await app.request('/phase', { headers: { 'Accept-Language': 'en' } })).json();
    expect(phase).toMatchObject({ title: 'Command not allowed now', detail: 'StartCheck is not allowed in phase plan.', command: 'StartCheck', allowed: ['SetGoal', 'CancelCycle'] });
    expect(await (await app.request('/phase')).json()).toMatchObject({ title: 'Opdracht nu niet toegestaan', detail: 'StartCheck kan niet in fase plan.', allowed: ['SetGoal', 'CancelCycle'] });
  });

  it('an unexpected error is a 500 with an id, logged with its stack, and no internals to the client', async () => {
    const res = await app.request('/boom');
    const text = await res.text();
    const body = JSON.parse(text) as { status: number; errorId: string; detail: string };
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.detail).toContain(body.errorId);
    expect(text).not.toContain('internals');
    expect(text).not.toContain('app.ts');
    const line = logged.map((l) => JSON.parse(l) as { errorId?: string; err?: { stack?: string } }).find((l) => l.errorId === body.errorId);
    expect(line?.err?.stack).toContain('secret internals at /srv/app.ts:12');
  });

  it('an unknown route is a 404 problem, in the caller\'s language', async () => {
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, instance: '/nowhere', title: 'Niet gevonden', detail: 'Er is geen route GET /nowhere.' });
    const english = await app.request('/nowhere', { headers: { 'Accept-Language': 'en-US' } });
    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.json()).toMatchObject({ status: 404, title: 'Not found', detail: 'No route GET /nowhere.' });
  });

  it('a 500 is Dutch by default and English when asked', async () => {
    expect(await (await app.request('/boom')).json()).toMatchObject({ title: 'Interne serverfout', detail: expect.stringMatching(/^Er ging bij ons iets mis/) });
    expect(await (await app.request('/boom', { headers: { 'Accept-Language': 'en' } })).json()).toMatchObject({ title: 'Internal server error' });
  });
});

describe('Accept-Language', () => {
  it('picks English only when en or en-* ranks above Dutch', () => {
    expect(negotiateLanguage('en')).toBe('en');
    expect(negotiateLanguage('en-US')).toBe('en');
    expect(negotiateLanguage('EN-gb;q=0.8, fr;q=0.9')).toBe('en');
    expect(negotiateLanguage('nl;q=0.5, en;q=0.8')).toBe('en');
    expect(negotiateLanguage('nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('nl');
    expect(negotiateLanguage('en;q=0.5, nl;q=0.5')).toBe('nl');
  });

  it('is Dutch without a header, for other languages, for q=0 and for malformed entries', () => {
    for (const header of [undefined, '', 'fr, de', 'en;q=0', '*', 'en;q=0.5, *', 'en;q=2', 'en;q=abc', 'e n', 'en;level=1', ';q=1']) {
      expect(negotiateLanguage(header), String(header)).toBe('nl');
    }
  });

  it('lets * stand for a language the header does not name', () => {
    expect(negotiateLanguage('*, nl;q=0.1')).toBe('en');
    expect(negotiateLanguage('fr, en;q=0.3, *;q=0.1')).toBe('en');
  });
});
