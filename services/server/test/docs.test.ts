/** /docs: Swagger UI from the installed package, served by gearbox itself, reading /openapi.json. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w.stop());

describe('the docs page', () => {
  it('is a Dutch HTML page that loads its scripts and style from this server only, and forbids anything else', async () => {
    const page = await w.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = page.body as string;
    expect(html).toMatch(/<html lang="nl">/);
    expect(html).toMatch(/<title>[^<]*API-documentatie<\/title>/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => /src="([^"]+)"/.exec(s[1]!)?.[1])).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/start.js']);
    expect(scripts.map((s) => s[2]!.trim())).toEqual(['', '']);
    const links = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    for (const link of links) expect(link, link).toMatch(/^(\/(?!\/)|data:)/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
  });

  it('serves the renderer from the installed swagger-ui-dist with the right content types, pointed at /openapi.json', async () => {
    const expected: Record<string, RegExp> = {
      '/docs/assets/swagger-ui-bundle.js': /^text\/javascript/,
      '/docs/assets/swagger-ui.css': /^text\/css/,
      '/docs/assets/start.js': /^text\/javascript/,
    };
    const answers = Object.fromEntries(await Promise.all(Object.keys(expected).map(async (path) => [path, await w.call('GET', path)] as const)));
    for (const [path, type] of Object.entries(expected)) {
      expect(answers[path]!.status, path).toBe(200);
      expect(answers[path]!.headers.get('content-type'), path).toMatch(type);
    }
    expect(answers['/docs/assets/swagger-ui-bundle.js']!.body).toContain('SwaggerUIBundle');
    expect(answers['/docs/assets/swagger-ui.css']!.body).toContain('.swagger-ui');
    const start = answers['/docs/assets/start.js']!.body as string;
    expect(start).toContain("url: '/openapi.json'");
    expect(start).toContain('validatorUrl: null');
    expect((await w.call('GET', '/docs/assets/elders.js')).status).toBe(404);
  });
});
