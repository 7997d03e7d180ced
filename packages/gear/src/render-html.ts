/**
 * dossier.html: the dossier in Dutch, printable, navigable domain → criterion → evidence. Every
 * evidence line links to its source event in the appendix "Bronnen", which names the stream,
 * revision, event id and position, and links to the stream's audit trail in the API.
 * Self-contained (no scripts, no external files) and deterministic: the same dossier, the same bytes.
 */
import { ASSESSMENT_LABELS, STATUS_LABELS, type Dossier, type DossierCriterion, type DossierEvidence, type DossierKpi, type Period } from './dossier.ts';
import type { DomainReflection } from './zelfevaluatie.ts';
import type { Source } from './projection.ts';
import { contactText } from '@gearbox/kernel';

/** Where a stream's audit trail is in the API, by stream category; other categories get no link. */
export const STREAM_TRAILS: Record<string, string> = {
  cycle: '/api/v1/cycles/{id}/events',
  opleider: '/api/v1/opleiders/{id}/events',
  leerplek: '/api/v1/leerplekken/{id}/events',
  docent: '/api/v1/docenten/{id}/events',
  programma: '/api/v1/programmas/{id}/events',
  gearmapping: '/api/v1/gear/mapping',
};

export const KIND_LABELS: Record<string, string> = {
  document: 'document',
  survey: 'enquête',
  'visit-report': 'bezoekverslag',
  minutes: 'notulen',
  dataset: 'gegevens',
  other: 'overig',
};

export const PHASE_LABELS: Record<string, string> = {
  plan: 'plan',
  do: 'uitvoering',
  check: 'evaluatie',
  act: 'bijsturing',
  closed: 'afgesloten',
  cancelled: 'geannuleerd',
};

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function trailHref(streamId: string): string | undefined {
  const match = /^[^/]+\/([^-]+)-(.+)$/.exec(streamId);
  const template = match ? STREAM_TRAILS[match[1]!] : undefined;
  return template?.replace('{id}', encodeURIComponent(match![2]!));
}

export function periodText(p: Period): string {
  if (p.from === null && p.to === null) return 'de hele geschiedenis';
  if (p.from === null) return `tot en met ${p.to}`;
  if (p.to === null) return `vanaf ${p.from}`;
  return `${p.from} tot en met ${p.to}`;
}

const sourceAnchor = (s: Source) => escape(`bron-${s.eventId}`);
/** Only web links become links: a `javascript:` or other scheme in evidence stays text. */
const isWebLink = (uri: string) => /^https?:\/\//i.test(uri);

function evidenceLine(e: DossierEvidence): string {
  const what = e.count !== undefined ? `${e.count}× van ${e.effectiveFrom} t/m ${e.effectiveAt}` : e.effectiveAt;
  const cycle = e.cycle ? ` — cyclus <a href="#cyclus-${escape(e.cycle.id)}">${escape(e.cycle.title)}</a>` : '';
  const uri = e.uri ? (isWebLink(e.uri) ? ` — <a href="${escape(e.uri)}" rel="noreferrer">document</a>` : ` — ${escape(e.uri)}`) : '';
  const hash = e.sha256 ? ` <span class="hash">sha256 ${escape(e.sha256)}</span>` : '';
  const summary = e.summary ? `<div class="summary">${escape(e.summary)}</div>` : '';
  return `<li><strong>${escape(e.title)}</strong> <span class="kind">(${escape(KIND_LABELS[e.kind] ?? e.kind)}, ${escape(what)})</span>${cycle}${uri} — <a href="#${sourceAnchor(e.source)}">bron</a>${hash}${summary}</li>`;
}

/** The institute's reflection, as written (line breaks kept), with the day it was last changed. */
function reflectionHtml(r: DomainReflection | null, c?: DossierCriterion): string {
  if (!r) return '<p class="empty">Nog geen zelfevaluatie.</p>';
  const oordeel = c?.zelfevaluatie ? `, oordeel: <strong>${STATUS_LABELS[c.zelfevaluatie.oordeel]}</strong>` : '';
  const list = (title: string, items: string[]) => (items.length ? `<p class="meta">${title}:</p><ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : '');
  const points = c?.zelfevaluatie ? list('Sterktes', c.zelfevaluatie.sterktes) + list('Verbeterpunten', c.zelfevaluatie.verbeterpunten) : '';
  const afwijking = c?.afwijkingReden ? `<p class="afwijking">Afwijking: ${escape(c.afwijkingReden)}</p>` : '';
  return `<div class="reflectie"><p class="meta">Zelfevaluatie (${escape(r.at.slice(0, 10))}${oordeel}):</p><p class="tekst">${escape(r.text)}</p>${points}${afwijking}</div>`;
}

function kpiRows(kpis: DossierKpi[]): string {
  if (kpis.length === 0) return '<p class="empty">Geen KPI\'s in deze periode.</p>';
  const rows = kpis.map((k) => {
    const last = k.measurements.at(-1);
    const measured = last ? `${last.value} ${escape(k.unit)} (${escape(last.measuredAt)}, ${escape(last.source)}; <a href="#${sourceAnchor(last.event)}">bron</a>)` : k.explanation !== undefined ? `niet gemeten: ${escape(k.explanation)}` : 'nog niet gemeten';
    return `<tr><td>${escape(k.name)}</td><td>${k.baseline.value} ${escape(k.unit)} (${escape(k.baseline.source)}, ${k.baseline.year})</td><td>${k.target.value} ${escape(k.unit)} uiterlijk ${escape(k.target.by)}</td><td>${measured}</td><td>${k.measurements.length}</td><td>${escape(k.cycle.title)}</td></tr>`;
  });
  return `<table><thead><tr><th>KPI</th><th>Nulmeting</th><th>Streefwaarde</th><th>Laatste meting</th><th>Metingen</th><th>Cyclus</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderHtml(d: Dossier): string {
  const out: string[] = [];
  const sources = new Map<string, Source>();
  const remember = (s: Source) => sources.set(s.eventId, s);
  out.push(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>GEAR-dossier ${escape(d.instituteName)} — ${escape(d.asOf)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #123a5a;padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}a{color:#1f5fa8}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #c9d0d8;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}th{background:#eef2f6}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid #889}
.s-voldoet{background:#d9f2df}.s-voldoet-deels{background:#fff1c2}.s-voldoet-niet{background:#f8d4d4}.s-in-uitvoering{background:#dde9f8}.s-geen-bewijs{background:#eee}
.kind,.hash,.meta,.empty{color:#555;font-size:12px}.hash{font-family:ui-monospace,monospace;word-break:break-all}
.summary{color:#333;font-size:13px;margin:2px 0 4px 12px}.reflectie{border-left:3px solid #123a5a;padding:2px 10px;margin:6px 0}.tekst{white-space:pre-line}.afwijking{color:#8a1c1c;font-weight:600}.note{background:#fff8e1;border:1px solid #e0c060;padding:8px 12px}
nav ol{columns:2}code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
@media print{body{max-width:none;padding:0}.domain{break-before:page}a{color:inherit;text-decoration:none}nav{break-after:page}}
</style></head><body>`);
  out.push(`<header><h1>GEAR-dossier ${escape(d.instituteName)}</h1>
<p class="meta">Kader: ${escape(d.frameworkTitle)}, versie <code>${escape(d.version)}</code> · periode: ${escape(periodText(d.period))} · stand per ${escape(d.asOf)}</p>
<p class="note">${escape(d.frameworkNote)}</p>
<table><tbody>
<tr><th>Instituut</th><td>${escape(d.instituteName)} (<code>${escape(d.institute)}</code>)</td></tr>
${d.instituteContact ? `<tr><th>Contact</th><td>${escape(contactText(d.instituteContact))}</td></tr>\n` : ''}<tr><th>Stand per (asOf)</th><td>${escape(d.asOf)}</td></tr>
<tr><th>Positie in de eventstore</th><td>${escape(d.position)}</td></tr>
<tr><th>Aantal events van het instituut</th><td>${d.eventCount}</td></tr>
<tr><th>Kop van de hashketen</th><td><code>${escape(d.chainHead ?? '—')}</code></td></tr>
<tr><th>Koppeling cycli → domeinen</th><td>${d.mapping.source === 'standaard' ? 'standaardkoppeling van het kader' : `ingesteld door het instituut (revisie ${d.mapping.revision}, ${escape(d.mapping.changedAt ?? '')})`}</td></tr>
</tbody></table></header>`);

  out.push('<nav><h2>Inhoud</h2><ol><li><a href="#samenvatting">Samenvatting</a></li>');
  for (const domain of d.domains) {
    out.push(`<li><a href="#domein-${escape(domain.id)}">${escape(domain.title)}</a><ol>`);
    for (const c of domain.criteria) out.push(`<li><a href="#criterium-${escape(c.code)}">${escape(c.code)}</a> <span class="status s-${c.status}">${STATUS_LABELS[c.status]}</span></li>`);
    out.push('</ol></li>');
  }
  out.push('<li><a href="#thema">Thema academisch niveau</a></li><li><a href="#lacunes">Lacunes</a></li><li><a href="#bronnen">Bronnen</a></li></ol></nav>');

  const s = d.summary;
  out.push(`<section id="samenvatting"><h2>Samenvatting</h2><table><thead><tr><th>Criteria</th>${(['geen-bewijs', 'in-uitvoering', 'voldoet', 'voldoet-deels', 'voldoet-niet'] as const).map((k) => `<th>${STATUS_LABELS[k]}</th>`).join('')}<th>Lacunes</th><th>Open bevindingen</th><th>Open acties</th></tr></thead>
<tbody><tr><td>${s.criteria}</td><td>${s['geen-bewijs']}</td><td>${s['in-uitvoering']}</td><td>${s.voldoet}</td><td>${s['voldoet-deels']}</td><td>${s['voldoet-niet']}</td><td>${s.gaps}</td><td>${s.openFindings}</td><td>${s.openActions}</td></tr></tbody></table>
<table><thead><tr><th>Domein</th><th>Kern</th><th>Cycli (afgesloten/totaal)</th><th>Open bevindingen</th><th>Open acties</th></tr></thead><tbody>${d.domains
    .map((x) => `<tr><td><a href="#domein-${escape(x.id)}">${escape(x.title)}</a></td><td>${x.core ? 'ja' : 'nee'}</td><td>${x.cycles.closed}/${x.cycles.total}</td><td>${x.openFindings}</td><td>${x.openActions}</td></tr>`)
    .join('')}</tbody></table></section>`);

  for (const domain of d.domains) {
    out.push(`<section class="domain" id="domein-${escape(domain.id)}"><h2>${escape(domain.code)} — ${escape(domain.title)}${domain.core ? ' (kerndomein)' : ''}</h2>
<p class="meta">Cycli: ${domain.cycles.total}, afgesloten: ${domain.cycles.closed} · open bevindingen: ${domain.openFindings} · open acties: ${domain.openActions}</p>${reflectionHtml(domain.zelfevaluatie)}`);
    for (const c of domain.criteria) {
      out.push(`<article id="criterium-${escape(c.code)}"><h3>${escape(c.code)} <span class="status s-${c.status}">${STATUS_LABELS[c.status]}</span>${c.theme ? ' <span class="kind">thema academisch niveau</span>' : ''}</h3><p>${escape(c.title)}</p>${reflectionHtml(c.zelfevaluatie, c)}`);
      if (c.evidence.length === 0) out.push('<p class="empty">Geen bewijs in deze periode.</p>');
      else {
        out.push(`<p class="meta">Bewijs (${c.evidence.length}):</p><ul>`);
        for (const e of c.evidence) {
          remember(e.source);
          out.push(evidenceLine(e));
        }
        out.push('</ul>');
      }
      if (c.findings.length) {
        out.push('<p class="meta">Bevindingen:</p><ul>');
        for (const f of c.findings) {
          remember(f.source);
          out.push(`<li>${escape(f.title)} — <span class="status s-${f.assessment === 'deels' ? 'voldoet-deels' : f.assessment}">${ASSESSMENT_LABELS[f.assessment]}</span> (${escape(f.cycle.title)}${f.accepted ? ', geaccepteerd' : ''}${f.open ? ', open' : ''}) — <a href="#${sourceAnchor(f.source)}">bron</a></li>`);
        }
        out.push('</ul>');
      }
      out.push('</article>');
    }
    out.push(`<h3>KPI's</h3>${kpiRows(domain.kpis)}`);
    for (const k of domain.kpis) for (const m of k.measurements) remember(m.event);
    out.push('<h3>Open bevindingen</h3>');
    out.push(
      domain.findings.length
        ? `<ul>${domain.findings.map((f) => `<li>${escape(f.title)} — ${ASSESSMENT_LABELS[f.assessment]} (${escape(f.cycle.title)}; criteria ${escape(f.criteria.join(', '))}) — <a href="#${sourceAnchor(f.source)}">bron</a></li>`).join('')}</ul>`
        : '<p class="empty">Geen open bevindingen.</p>',
    );
    for (const f of domain.findings) remember(f.source);
    out.push('<h3>Verbeteracties</h3>');
    if (domain.actions.length === 0) out.push('<p class="empty">Geen verbeteracties.</p>');
    else {
      out.push('<table><thead><tr><th>Actie</th><th>Bij bevinding</th><th>Deadline</th><th>Status</th><th>Cyclus</th><th>Bron</th></tr></thead><tbody>');
      for (const a of domain.actions) {
        remember(a.source);
        out.push(`<tr><td>${escape(a.title)}</td><td>${escape(a.findingId)}</td><td>${escape(a.due)}</td><td>${a.status}${a.overdue ? ' (te laat)' : ''}</td><td>${escape(a.cycle.title)}</td><td><a href="#${sourceAnchor(a.source)}">bron</a></td></tr>`);
      }
      out.push('</tbody></table>');
    }
    out.push('<h3>Cycli</h3>');
    if (domain.cycleList.length === 0) out.push('<p class="empty">Geen cycli in deze periode.</p>');
    else {
      out.push('<table><thead><tr><th>Cyclus</th><th>Soort</th><th>Periode</th><th>Fase</th><th>Bewijs</th><th>Bevindingen</th><th>Reviews</th></tr></thead><tbody>');
      for (const c of domain.cycleList) {
        remember(c.source);
        out.push(`<tr id="cyclus-${escape(c.id)}"><td><a href="#${sourceAnchor(c.source)}">${escape(c.title)}</a></td><td>${escape(c.kind)}</td><td>${escape(c.period.from)} – ${escape(c.period.to)}</td><td>${escape(PHASE_LABELS[c.phase] ?? c.phase)}</td><td>${c.evidence}</td><td>${c.findings}</td><td>${c.reviews.map((r) => `${escape(r.body)} ${escape(r.date)}`).join('; ')}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
    out.push('</section>');
  }

  out.push(`<section id="thema"><h2>Thema: ${escape(d.theme.title)}</h2><p>${escape(d.theme.description)}</p><ul>${d.theme.criteria
    .map((c) => `<li><a href="#criterium-${escape(c.code)}">${escape(c.code)}</a> (${escape(c.domain)}) <span class="status s-${c.status}">${STATUS_LABELS[c.status]}</span></li>`)
    .join('')}</ul></section>`);
  out.push(`<section id="lacunes"><h2>Lacunes</h2><p>Criteria zonder bewijs in de periode (${escape(periodText(d.period))}).</p>${
    d.gaps.length ? `<ul>${d.gaps.map((g) => `<li><a href="#criterium-${escape(g.code)}">${escape(g.code)}</a> — ${escape(g.title)}</li>`).join('')}</ul>` : '<p class="empty">Geen lacunes.</p>'
  }${
    d.unknownCriteria.length
      ? `<h3>Onbekende criteriumcodes</h3><p>Bewijs noemt codes die dit kader niet kent:</p><ul>${d.unknownCriteria.map((u) => `<li><code>${escape(u.code)}</code>: ${escape(u.evidence.join(', '))}</li>`).join('')}</ul>`
      : ''
  }</section>`);

  out.push('<section id="bronnen"><h2>Bronnen</h2><p>Elk bewijsstuk verwijst naar het event waarmee het is vastgelegd. Een event is terug te vinden met stream, revisie en event-id; de positie is zijn plaats in de eventstore en in de hashketen.</p><table><thead><tr><th>Event-id</th><th>Stream</th><th>Revisie</th><th>Positie</th></tr></thead><tbody>');
  const ordered = [...sources.values()].sort((a, b) => (a.streamId !== b.streamId ? (a.streamId < b.streamId ? -1 : 1) : a.revision - b.revision));
  for (const src of ordered) {
    const href = trailHref(src.streamId);
    const stream = href ? `<a href="${escape(href)}">${escape(src.streamId)}</a>` : escape(src.streamId);
    out.push(`<tr id="${sourceAnchor(src)}"><td><code>${escape(src.eventId)}</code></td><td>${stream}</td><td>${src.revision}</td><td>${escape(src.position)}</td></tr>`);
  }
  out.push('</tbody></table></section></body></html>\n');
  return out.join('\n');
}
