/**
 * `/docs`: the API reference, rendered from /openapi.json by Swagger UI (swagger-ui-dist, pinned in
 * package.json). Its script and style come from the installed package and are served here under
 * /docs/assets/; the page's Content-Security-Policy lets a browser load nothing from elsewhere, so
 * the page needs no CDN and no network beyond this server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from './openapi.ts';

const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Swagger UI's own settings: no call to its public validator, every operation listed, folded until opened. */
const START = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  validatorUrl: null,
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
});
`;

const PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>gearbox API-documentatie</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body>
<div id="swagger-ui"><noscript>Deze pagina heeft JavaScript nodig. De beschrijving zelf staat in <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body></html>
`;

/** Swagger UI sets inline styles and draws its icons as data: images; everything else is this server's. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS = {
  'swagger-ui-bundle.js': { contentType: 'text/javascript; charset=utf-8', read: () => readFileSync(join(DIST, 'swagger-ui-bundle.js'), 'utf8') },
  'swagger-ui.css': { contentType: 'text/css; charset=utf-8', read: () => readFileSync(join(DIST, 'swagger-ui.css'), 'utf8') },
  'start.js': { contentType: 'text/javascript; charset=utf-8', read: () => START },
};

/** GET /docs and its assets; mount at `/`. The assets are read once, on first use. */
export function docsRoutes(): Hono {
  const app = new Hono();
  app.get('/docs', (c) => c.html(PAGE, 200, { 'Content-Security-Policy': CSP }));
  for (const [name, asset] of Object.entries(ASSETS)) {
    let body: string | undefined;
    app.get(`/docs/assets/${name}`, (c) => c.body((body ??= asset.read()), 200, { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=3600' }));
  }
  return app;
}

export const docsOpenapi: RouteDoc[] = [
  { method: 'get', path: '/docs', tag: 'operations', summary: 'De API-documentatie als leesbare pagina (Swagger UI)', responses: { '200': { description: 'HTML-pagina', schema: z.string(), contentType: 'text/html' } } },
  ...Object.entries(ASSETS).map(([name, asset]): RouteDoc => ({
    method: 'get',
    path: `/docs/assets/${name}`,
    tag: 'operations',
    summary: `Script of stijl van de documentatiepagina: ${name}`,
    responses: { '200': { description: name, schema: z.string(), contentType: asset.contentType.split(';')[0]! } },
  })),
];
