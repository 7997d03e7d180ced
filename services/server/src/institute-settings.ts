/**
 * `GET`/`PUT /api/v1/settings/institute` (API.md "Self-evaluation"): the institute's display name,
 * short name and contact, set by `admin` and read by every role of the institute. The setting itself
 * (its schema, its stream, the name at a store position) is in @gearbox/kernel, where the dossier
 * and the jaarverslag read it too.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { instant, parseIfMatch, readJson, commandContext, requireRole, ROLES, type AuthVariables, type RouteDoc, type ServiceModule } from '@gearbox/http';
import {
  INSTITUTE_SETTING_SET,
  InstituteSettingInput,
  instituteSettingAt,
  putInstituteSetting,
  text,
  type InstituteSettingInForce,
  type SettingDeps,
} from '@gearbox/kernel';
import type { Context } from 'hono';

/** Every role of the institute; `partner` is another institute. */
export const INSTITUTE_SETTING_READERS = ROLES.filter((r) => r !== 'partner');

export const InstituteSettingView = InstituteSettingInput.extend({
  revision: z.number().int().min(-1).describe('-1: nog niet ingesteld; de naam is dan de id van het instituut'),
  setAt: instant.nullable(),
}).meta({ id: 'InstituteSetting' });

function answer(c: Context, s: InstituteSettingInForce) {
  // Without a setting there is no revision a client could send back in If-Match.
  if (s.revision >= 0) c.header('ETag', `"${s.revision}"`);
  return c.json({ ...s.setting, revision: s.revision, setAt: s.setAt });
}

const TAG = 'instelling';
const etag = ['ETag'] as const;

export function instituteSettingsModule(deps: SettingDeps): ServiceModule {
  const routes = new Hono<{ Variables: AuthVariables }>();
  routes.get('/settings/institute', async (c) => {
    requireRole(c.get('actor'), INSTITUTE_SETTING_READERS, text('de instelling van het instituut lezen', 'read the institute setting'));
    return answer(c, await instituteSettingAt(deps.store, c.get('institute')));
  });
  routes.put('/settings/institute', async (c) => {
    requireRole(c.get('actor'), ['admin'], text('de instelling van het instituut wijzigen', 'change the institute setting'));
    return answer(c, await putInstituteSetting(deps, commandContext(c), await readJson(c), { ifMatch: parseIfMatch(c.req.header('If-Match')) }));
  });
  const openapi: RouteDoc[] = [
    {
      method: 'get', path: '/api/v1/settings/institute', tag: TAG, operationId: 'getInstituteSetting', roles: INSTITUTE_SETTING_READERS,
      summary: 'De naam van het instituut op dossiers en het jaarverslag, met korte naam en contact (ETag: de revisie; nog niet ingesteld: de id als naam, revisie -1, geen ETag)',
      responses: { '200': { description: 'De instelling die geldt', schema: InstituteSettingView, headers: etag } },
    },
    {
      method: 'put', path: '/api/v1/settings/institute', tag: TAG, operationId: 'putInstituteSetting', roles: ['admin'], body: InstituteSettingInput, headers: ['If-Match'],
      summary: 'De naam, korte naam en contactgegevens van het instituut vervangen (If-Match: de revisie die u zag)',
      responses: { '200': { description: 'De nieuwe instelling', schema: InstituteSettingView, headers: etag }, '409': 'If-Match is verouderd' },
    },
  ];
  return { name: 'instelling', routes, openapi, eventSchemas: { [INSTITUTE_SETTING_SET]: InstituteSettingInput } };
}
