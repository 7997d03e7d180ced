/**
 * The zelfevaluatie (API.md "Self-evaluation"): the institute's own reflection per criterion
 * (text, oordeel, sterktes, verbeterpunten) and per domain (text), kept as events so that `asOf`
 * shows the text as it stood. Each criterion and each domain has a stream of its own,
 * `<institute>/zelfevaluatie-criterium.<code>` and `<institute>/zelfevaluatie-domein.<id>`: its
 * latest event is the reflection in force, and If-Match names the revision of that one reflection,
 * so editing one criterion never makes another's If-Match stale.
 */
import { z } from 'zod';
import {
  NotFoundError,
  RevisionConflictError,
  SettingStream,
  streamIdOf,
  text,
  validated,
  type CommandContext,
  type SettingDeps,
  type StoredEvent,
} from '@gearbox/kernel';
import { indexCriteria, type Framework } from './framework.ts';
import { sourceOf, type Source } from './projection.ts';
import { STATUS_LABELS, type Status } from './dossier.ts';

export const ZELFEVALUATIE_CATEGORY = 'zelfevaluatie';
export const ZELFEVALUATIE_CRITERIUM = 'ZelfevaluatieCriteriumVastgelegd';
export const ZELFEVALUATIE_DOMEIN = 'ZelfevaluatieDomeinVastgelegd';

export const OORDELEN = ['voldoet', 'voldoet-deels', 'voldoet-niet'] as const;
export type Oordeel = (typeof OORDELEN)[number];

const reflection = z.string().trim().min(1).max(20_000);
const points = z.array(z.string().trim().min(1).max(2_000)).max(100);

/** `PUT /api/v1/gear/criteria/:code/zelfevaluatie`. */
export const CriteriumZelfevaluatieInput = z
  .object({ text: reflection, oordeel: z.enum(OORDELEN), sterktes: points.optional(), verbeterpunten: points.optional() })
  .strict()
  .meta({ id: 'CriteriumZelfevaluatieInput' });

/** `PUT /api/v1/gear/domains/:id/zelfevaluatie`. */
export const DomeinZelfevaluatieInput = z.object({ text: reflection }).strict().meta({ id: 'DomeinZelfevaluatieInput' });

/** The events' data: what was sent, with the criterion or domain it is about. */
export const ZelfevaluatieCriteriumData = z
  .object({ code: z.string(), text: z.string(), oordeel: z.enum(OORDELEN), sterktes: z.array(z.string()), verbeterpunten: z.array(z.string()) })
  .strict();
export const ZelfevaluatieDomeinData = z.object({ domain: z.string(), text: z.string() }).strict();

/** A reflection in force: who wrote it (the person id and roles; the name is sealed and stays out), when, its revision. */
export interface DomainReflection {
  text: string;
  by: { sub: string; roles: string[] };
  at: string;
  revision: number;
  source: Source;
}

export interface CriterionReflection extends DomainReflection {
  oordeel: Oordeel;
  sterktes: string[];
  verbeterpunten: string[];
}

function reflectionOf(event: StoredEvent): DomainReflection {
  const actor = event.metadata?.actor;
  return {
    text: String((event.data as { text: unknown }).text),
    by: { sub: actor?.sub ?? '', roles: actor?.roles ?? [] },
    at: event.metadata?.time ?? event.created.toISOString(),
    revision: Number(event.revision),
    source: sourceOf(event),
  };
}

function criterionReflectionOf(event: StoredEvent): CriterionReflection {
  const d = event.data as z.infer<typeof ZelfevaluatieCriteriumData>;
  return { ...reflectionOf(event), oordeel: d.oordeel, sterktes: [...d.sterktes], verbeterpunten: [...d.verbeterpunten] };
}

/** The reflections in force, folded by the GEAR projection; one stream per key, so the last event read wins. */
export class Zelfevaluaties {
  readonly criteria = new Map<string, CriterionReflection>();
  readonly domains = new Map<string, DomainReflection>();

  apply(event: StoredEvent): void {
    const d = event.data as Record<string, unknown>;
    if (event.type === ZELFEVALUATIE_CRITERIUM) this.criteria.set(String(d.code), criterionReflectionOf(event));
    else if (event.type === ZELFEVALUATIE_DOMEIN) this.domains.set(String(d.domain), reflectionOf(event));
  }
}

/**
 * Where the institute's oordeel and the computed status disagree (docs/gear.md): a status that is
 * an assessment (voldoet, voldoet-deels, voldoet-niet) must equal the oordeel; with no evidence
 * ("geen bewijs") only "voldoet niet" agrees; "in uitvoering" (evidence, no finding yet) contradicts
 * no oordeel. Returns the reason in Dutch, or undefined when they agree.
 */
export function afwijkingOf(oordeel: Oordeel, status: Status): string | undefined {
  if (status === 'in-uitvoering' || status === oordeel) return undefined;
  if (status === 'geen-bewijs') {
    return oordeel === 'voldoet-niet' ? undefined : `De zelfevaluatie zegt "${STATUS_LABELS[oordeel]}", maar er is geen bewijs.`;
  }
  return `De zelfevaluatie zegt "${STATUS_LABELS[oordeel]}", de bevindingen zeggen "${STATUS_LABELS[status]}".`;
}

/** One reflection's stream: the latest event is in force. */
class ReflectionStream extends SettingStream {
  constructor(
    eventType: string,
    private readonly target: string,
  ) {
    super(ZELFEVALUATIE_CATEGORY, eventType);
  }

  override streamId(institute: string): string {
    return streamIdOf(institute, this.category, this.target);
  }
}

/**
 * Appends the new reflection. With `ifMatch` (the revision the writer saw, -1 for none yet) a
 * stale one is a 409; without it, the write goes on top of whatever is in force. Answers the
 * reflection in force afterwards.
 */
async function record(deps: SettingDeps, ctx: CommandContext, stream: ReflectionStream, data: Record<string, unknown>, ifMatch: number | undefined): Promise<StoredEvent> {
  for (;;) {
    const before = await stream.latest(deps.store, ctx.institute);
    const revision = before ? Number(before.revision) : -1;
    if (ifMatch !== undefined && ifMatch !== revision) throw new RevisionConflictError(revision);
    try {
      await stream.set(deps, ctx, data, revision);
      return (await stream.latest(deps.store, ctx.institute))!;
    } catch (error) {
      // Another writer came in between: without If-Match, write on top of theirs.
      if (ifMatch !== undefined || !(error instanceof RevisionConflictError)) throw error;
    }
  }
}

export async function recordCriterionZelfevaluatie(
  deps: SettingDeps,
  ctx: CommandContext,
  framework: Framework,
  code: string,
  body: unknown,
  options: { ifMatch?: number } = {},
): Promise<CriterionReflection> {
  if (!indexCriteria(framework).criterion.has(code)) {
    throw new NotFoundError(text(`criterium ${code} van raamwerk ${framework.version}`, `criterion ${code} of framework ${framework.version}`));
  }
  const input = validated(CriteriumZelfevaluatieInput, body);
  const data = { code, text: input.text, oordeel: input.oordeel, sterktes: input.sterktes ?? [], verbeterpunten: input.verbeterpunten ?? [] };
  return criterionReflectionOf(await record(deps, ctx, new ReflectionStream(ZELFEVALUATIE_CRITERIUM, `criterium.${code}`), data, options.ifMatch));
}

export async function recordDomainZelfevaluatie(
  deps: SettingDeps,
  ctx: CommandContext,
  framework: Framework,
  domain: string,
  body: unknown,
  options: { ifMatch?: number } = {},
): Promise<DomainReflection> {
  if (!framework.domains.some((d) => d.id === domain)) {
    throw new NotFoundError(text(`domein ${domain} van raamwerk ${framework.version}`, `domain ${domain} of framework ${framework.version}`));
  }
  const input = validated(DomeinZelfevaluatieInput, body);
  return reflectionOf(await record(deps, ctx, new ReflectionStream(ZELFEVALUATIE_DOMEIN, `domein.${domain}`), { domain, text: input.text }, options.ifMatch));
}
