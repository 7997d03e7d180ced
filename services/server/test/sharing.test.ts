/**
 * Sharing as another institute meets it: the policy of every event type the server records (a new
 * event type fails here until someone decides whether it may leave the institute), the feed over
 * HTTP without personal data, the JSON Schema its `dataschema` points at, and a partner token that
 * reads the shared feed and nothing else. Every answer is held against /openapi.json by `w.call`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { world, type World } from './world.ts';
import { setTimeout as sleep } from 'node:timers/promises';

let w: World;
let partner: string;
beforeAll(async () => {
  w = await world();
  partner = await w.token('utrecht', ['partner'], 'peer-leiden', 'Huisartsopleiding Leiden');
});
afterAll(() => w.stop());

/** Private unless named here; a shared type says under which public CloudEvents type it leaves. */
const POLICIES: Record<string, string> = {
  ActionCompleted: 'private',
  ActionDecided: 'private',
  ActionOverdue: 'private',
  ActionsCarriedOver: 'private',
  ActivityCompleted: 'private',
  ActivityOverdue: 'private',
  ActivityPlanned: 'private',
  ActivityWaived: 'private',
  AiosFeedbackRecorded: 'private',
  CheckCompleted: 'nl.huisartsopleiding.gearbox.cycle-check-completed.v1',
  CheckStarted: 'nl.huisartsopleiding.gearbox.cycle-check-started.v1',
  CmoDecided: 'private',
  CmoReferred: 'private',
  CmoTrajectClosed: 'private',
  CycleCancelled: 'nl.huisartsopleiding.gearbox.cycle-cancelled.v1',
  CycleClosed: 'nl.huisartsopleiding.gearbox.cycle-closed.v1',
  CycleStarted: 'nl.huisartsopleiding.gearbox.cycle-started.v1',
  DocentDeregistered: 'private',
  DocentRegistered: 'private',
  DocumentUploaded: 'private',
  ErkenningLapsed: 'private',
  ErkenningReminderDue: 'private',
  EvidenceAdded: 'private',
  Feedback360Recorded: 'private',
  FeedbackRoundClosed: 'private',
  FeedbackRoundOverdue: 'private',
  FeedbackRoundRecorded: 'private',
  FeedbackRoundStarted: 'private',
  FindingAccepted: 'private',
  FindingRecorded: 'private',
  FunctioneringsgesprekRecorded: 'private',
  GearMappingChanged: 'private',
  GoalSet: 'private',
  InstituteSettingSet: 'private',
  IntervisieRecorded: 'private',
  JaargesprekRecorded: 'private',
  KlimaatGemeten: 'private',
  KpiDefined: 'nl.huisartsopleiding.gearbox.kpi-defined.v1',
  KpiExplained: 'private',
  LeerplekRegistered: 'private',
  LeerplekReinstated: 'private',
  LeerplekSuspended: 'private',
  LeohRecorded: 'private',
  LeohSettingsSet: 'private',
  LeohSignalRaised: 'private',
  ManagementReviewOverdue: 'private',
  MeasurementRecorded: 'nl.huisartsopleiding.gearbox.kpi-measured.v1',
  OpleiderLinked: 'private',
  OpleiderRecognised: 'private',
  OpleiderRegistered: 'private',
  OpleiderUnlinked: 'private',
  OutcomeCommunicated: 'private',
  PeerAdded: 'private',
  PeerEventParked: 'private',
  PeerEventReceived: 'private',
  PeerRemoved: 'private',
  PlanApproved: 'nl.huisartsopleiding.gearbox.cycle-plan-approved.v1',
  ProgrammaRegistered: 'private',
  ProgrammaRetired: 'private',
  ProgrammaRevised: 'private',
  ReviewHeld: 'private',
  ReviewedInCommissie: 'private',
  ScholingRecorded: 'private',
  SignaalClosed: 'private',
  SignaalFollowedUp: 'private',
  SignaalReceived: 'private',
  SignaalTriaged: 'private',
  StageopleiderLinked: 'private',
  StageopleiderUnlinked: 'private',
  StartvisitatieRecorded: 'private',
  StartvisitatieScheduled: 'private',
  SubjectErased: 'private',
  TrainingEnded: 'private',
  VgbRecorded: 'private',
  VisitRecorded: 'private',
  ZelfevaluatieCriteriumVastgelegd: 'private',
  ZelfevaluatieDomeinVastgelegd: 'private',
  ZelfevaluatieRecorded: 'private',
};

describe('the sharing policy', () => {
  it('is decided for every event type the server records', async () => {
    const types = ((await w.call('GET', '/api/v1/schemas', { token: partner })).body.items as { type: string }[])
      .map((i) => i.type)
      .filter((t) => !t.startsWith('nl.'));
    const shared = w.gearbox.sharing.feed.policies.list();
    const table = Object.fromEntries(types.map((t) => [t, shared.filter((s) => s.eventType === t).map((s) => s.ceType).join(', ') || 'private']));
    expect(table).toEqual(POLICIES);
  });
});

describe('the shared feed over HTTP', () => {
  it('holds the institute\'s shared events without personal data, and nothing of another institute', async () => {
    const qm = await w.token('utrecht', ['kwaliteitsmedewerker', 'mt'], 'u-anna', 'Anna Bakker');
    const created = await w.call('POST', '/api/v1/cycles', { token: qm, body: { kind: 'opleiders', title: 'Opleiders van dr. Vermeulen', scope: 'praktijk Vermeulen', period: { from: '2026-01-01', to: '2026-12-31' } } });
    const id = created.body.id as string;
    const send = async (body: Record<string, unknown>) => {
      const res = await w.call('POST', `/api/v1/cycles/${id}/commands`, { token: qm, body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await send({ type: 'SetGoal', goalId: 'g1', title: 'Veilig klimaat', description: 'na het gesprek met aios Kees de Wit' });
    await send({ type: 'DefineKpi', kpiId: 'k1', goalId: 'g1', name: 'aios die het klimaat veilig vinden', unit: '%', nationalCode: 'nivel-veilig-klimaat', baseline: { value: 70, source: 'lijst van Vermeulen', year: 2018 }, target: { changePercent: 20, by: '2026-12-31' } });
    await send({ type: 'PlanActivity', activityId: 'a1', title: 'Enquête', owner: 'Kees de Wit', due: '2026-06-30' });
    await send({ type: 'ApprovePlan' });
    await send({ type: 'RecordMeasurement', kpiId: 'k1', value: 82, source: 'enquête Vermeulen', measuredAt: '2026-02-15', n: 25 });
    await send({ type: 'RecordMeasurement', kpiId: 'k1', value: 41.37, source: 'enquête Vermeulen', measuredAt: '2026-02-28', n: 2 });
    const other = await w.token('leiden', ['kwaliteitsmedewerker'], 'u-jan', 'Jan Leidenaar');
    await w.call('POST', '/api/v1/cycles', { token: other, body: { kind: 'curriculum', title: 'Leiden 2026', period: { from: '2026-01-01', to: '2026-12-31' } } });

    const feed = await w.call('GET', '/api/v1/shared/events', { token: partner });
    expect(feed.status).toBe(200);
    const mine = feed.body.items.filter((e: { subject: string }) => e.subject === `cycle-${id}`);
    expect(mine.map((e: { type: string }) => e.type.replace('nl.huisartsopleiding.gearbox.', ''))).toEqual(['cycle-started.v1', 'kpi-defined.v1', 'cycle-plan-approved.v1', 'kpi-measured.v1', 'kpi-measured.v1']);
    expect(mine[0]).toMatchObject({ specversion: '1.0', source: 'urn:nld:huisartsopleiding:utrecht', datacontenttype: 'application/json', data: { kind: 'opleiders', period: { from: '2026-01-01', to: '2026-12-31' } } });
    expect(mine.slice(3).map((e: { data: unknown }) => e.data)).toEqual([
      { kpiId: 'k1', value: 82, measuredAt: '2026-02-15', n: 25 },
      { kpiId: 'k1', measuredAt: '2026-02-28', n: 2, suppressed: true },
    ]);
    const text = JSON.stringify(feed.body);
    for (const personal of ['Vermeulen', 'Kees', 'de Wit', 'Anna', 'u-anna', 'Leiden 2026', 'leiden', 'Veilig klimaat', '41.37']) expect(text).not.toContain(personal);

    // The dataschema is served, and the data fits it.
    const schemaPath = new URL(mine[3].dataschema).pathname;
    const schema = await w.call('GET', schemaPath, { token: partner });
    expect(schema.status).toBe(200);
    expect(schema.body).toMatchObject({ title: 'nl.huisartsopleiding.gearbox.kpi-measured.v1', type: 'object', properties: { kpiId: {}, value: {}, n: {}, suppressed: {} }, required: ['kpiId', 'measuredAt'] });
    expect(Object.keys(schema.body.properties)).not.toContain('source');
    expect((await w.call('GET', '/api/v1/schemas/nl.huisartsopleiding.gearbox.geheim.v1', { token: partner })).status).toBe(404);
  });

  it('lets a partner token read the shared feed and its schemas, and nothing else (403 everywhere)', async () => {
    const spec = (await w.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const refused: string[] = [];
    let tried = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      const url = `/api/v1${path.replace(/\{[^}]+\}/g, 'x')}`;
      if (!path.startsWith('/') || /^\/(shared|schemas)(\/|$)/.test(path) || 'servers' in operations) continue;
      for (const method of Object.keys(operations).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))) {
        const ask = async (token?: string) =>
          (await fetch(w.base + url, { method: method.toUpperCase(), headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' }, ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }) })).status;
        // A route that answers without a token (the demo sign-in) is no one's to refuse.
        if ((await ask()) !== 401) continue;
        tried += 1;
        const status = await ask(partner);
        if (status !== 403) refused.push(`${method} ${url} → ${status}`);
      }
    }
    expect(tried).toBeGreaterThan(30);
    expect(refused).toEqual([]);
    expect((await w.call('GET', '/api/v1/shared/stream?after=x', { token: partner })).status).toBe(400);
    expect((await w.call('GET', '/api/v1/schemas/GoalSet', { token: partner })).status).toBe(200);
  });
});

describe('the shared stream', () => {
  it('does not keep the server from stopping while a partner is connected', async () => {
    const other = await world();
    const token = await other.token('utrecht', ['partner']);
    const res = await fetch(`${other.base}/api/v1/shared/stream`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stopped = other.stop().then(() => 'stopped');
    expect(await Promise.race([stopped, sleep(2_000).then(() => 'still open')])).toBe('stopped');
    await res.body?.cancel().catch(() => undefined);
  });
});
