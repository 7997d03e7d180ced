/**
 * dossier.html: the dossier as a self-evaluation, in Dutch, printable and self-contained (no
 * scripts, no external files, no links into the API). Per domain its reflection and a summary, per
 * criterion reflection → evidence → KPIs → findings → improvement actions. The body names sources
 * by number ("[3]"); ids, positions, hashes and the chain are in the appendix "Verantwoording".
 * Deterministic: the same dossier, the same bytes.
 */
import { STATUS_LABELS, STATUSES, type Dossier, type DossierCriterion } from './dossier.ts';
import type { DomainReflection } from './zelfevaluatie.ts';
import { contactText } from '@gearbox/kernel';
import {
  actionText,
  afwijkingText,
  CYCLE_KIND_LABELS,
  datum,
  domainSummaryLines,
  dossierIdentity,
  evidenceText,
  findingText,
  kpiText,
  label,
  PHASE_LABELS,
  PROGRESS_LABELS,
  periodText,
  reflectionHeading,
  tijdstip,
  Verantwoording,
  VERANTWOORDING_INTRO,
} from './present.ts';

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only web links become links: a `javascript:` or other scheme in evidence stays text. */
const isWebLink = (uri: string) => /^https?:\/\//i.test(uri);
const status = (st: DossierCriterion['status']) => `<span class="status s-${st}">${STATUS_LABELS[st]}</span>`;
const list = (title: string, items: string[]) => (items.length ? `<p class="meta">${title}:</p><ul>${items.join('')}</ul>` : '');

/** The institute's reflection, as written (line breaks kept), with the day it was last changed. */
function reflectionHtml(r: DomainReflection | null, c?: DossierCriterion): string {
  if (!r) return '<p class="empty">Nog geen zelfevaluatie.</p>';
  const points = (title: string, items: string[]) => list(title, items.map((i) => `<li>${escape(i)}</li>`));
  const z = c?.zelfevaluatie;
  const afwijking = c && afwijkingText(c);
  return `<div class="reflectie"><p class="meta">${escape(reflectionHeading(r, c))}</p><p class="tekst">${escape(r.text)}</p>${z ? points('Sterktes', z.sterktes) + points('Verbeterpunten', z.verbeterpunten) : ''}${
    afwijking ? `<p class="${c!.afwijking ? 'afwijking' : 'meta'}">${escape(afwijking)}</p>` : ''
  }</div>`;
}

function criterionHtml(c: DossierCriterion, v: Verantwoording): string {
  const ref = (s: Parameters<Verantwoording['ref']>[0]) => ` <span class="ref">${v.ref(s)}</span>`;
  const evidence = c.evidence.map((e) => {
    const uri = e.uri ? (isWebLink(e.uri) ? ` — <a href="${escape(e.uri)}" rel="noreferrer">document</a>` : ` — ${escape(e.uri)}`) : '';
    const summary = e.summary ? `<div class="summary">${escape(e.summary)}</div>` : '';
    return `<li>${escape(evidenceText(e))}${uri}${ref(e.source)}${summary}</li>`;
  });
  const kpis = c.kpis.map((k) => `<li><strong>${escape(k.name)}</strong> — <span class="progress p-${k.progress}">${PROGRESS_LABELS[k.progress]}</span><br>${escape(kpiText(k))}${ref(k.source)}</li>`);
  return `<article id="criterium-${escape(c.code)}"><h3>${escape(c.code)} ${status(c.status)}${c.theme ? ' <span class="kind">thema academisch niveau</span>' : ''}</h3><p>${escape(c.title)}</p>${reflectionHtml(c.zelfevaluatie, c)}${
    evidence.length ? list(`Bewijs (${evidence.length})`, evidence) : '<p class="empty">Geen bewijs in deze periode.</p>'
  }${list("KPI's", kpis)}${list('Bevindingen', c.findings.map((f) => `<li>${escape(findingText(f))}${ref(f.source)}</li>`))}${list(
    'Verbeteracties',
    c.actions.map((a) => `<li${a.overdue ? ' class="te-laat"' : ''}>${escape(actionText(a))}${ref(a.source)}</li>`),
  )}</article>`;
}

export function renderHtml(d: Dossier): string {
  const v = new Verantwoording(d);
  const out: string[] = [];
  out.push(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>GEAR-dossier ${escape(d.instituteName)} — stand per ${escape(tijdstip(d.asOf))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #123a5a;padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}a{color:#1f5fa8}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #c9d0d8;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}th{background:#eef2f6}
.status,.progress{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid #889}
.s-voldoet,.p-gehaald,.p-op-koers{background:#d9f2df}.s-voldoet-deels{background:#fff1c2}.s-voldoet-niet,.p-niet-op-koers{background:#f8d4d4}.s-in-uitvoering{background:#dde9f8}.s-geen-bewijs,.p-onbekend{background:#eee}
.kind,.meta,.empty,.ref{color:#555;font-size:12px}.te-laat{color:#8a1c1c}
.summary{color:#333;font-size:13px;margin:2px 0 4px 12px}.reflectie{border-left:3px solid #123a5a;padding:2px 10px;margin:6px 0}.tekst{white-space:pre-line}.afwijking{color:#8a1c1c;font-weight:600}.note{background:#fff8e1;border:1px solid #e0c060;padding:8px 12px}
.samenvatting{background:#eef2f6;padding:6px 12px;margin:8px 0}.samenvatting p{margin:2px 0}
nav ol{columns:2}code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
@media print{body{max-width:none;padding:0}.domain{break-before:page}a{color:inherit;text-decoration:none}nav{break-after:page}}
</style></head><body>`);
  out.push(`<header><h1>GEAR-dossier ${escape(d.instituteName)}</h1>
<p class="meta">Kader: ${escape(d.frameworkTitle)} · periode: ${escape(periodText(d.period))} · stand per ${escape(tijdstip(d.asOf))}</p>
${d.instituteContact ? `<p class="meta">Contact: ${escape(contactText(d.instituteContact))}</p>\n` : ''}<p class="note">${escape(d.frameworkNote)}</p></header>`);

  out.push('<nav><h2>Inhoud</h2><ol><li><a href="#samenvatting">Samenvatting</a></li>');
  for (const domain of d.domains) {
    out.push(`<li><a href="#domein-${escape(domain.id)}">${escape(domain.title)}</a><ol>`);
    for (const c of domain.criteria) out.push(`<li><a href="#criterium-${escape(c.code)}">${escape(c.code)}</a> ${status(c.status)}</li>`);
    out.push('</ol></li>');
  }
  out.push('<li><a href="#thema">Thema academisch niveau</a></li><li><a href="#lacunes">Lacunes</a></li><li><a href="#verantwoording">Verantwoording</a></li></ol></nav>');

  const s = d.summary;
  out.push(`<section id="samenvatting"><h2>Samenvatting</h2><table><thead><tr><th>Criteria</th>${STATUSES.map((k) => `<th>${STATUS_LABELS[k]}</th>`).join('')}<th>Lacunes</th><th>Open bevindingen</th><th>Open acties</th><th>Te laat</th></tr></thead>
<tbody><tr><td>${s.criteria}</td>${STATUSES.map((k) => `<td>${s[k]}</td>`).join('')}<td>${s.gaps}</td><td>${s.openFindings}</td><td>${s.openActions}</td><td>${s.overdueActions}</td></tr></tbody></table>
<table><thead><tr><th>Domein</th><th>Kern</th><th>Samenvatting</th></tr></thead><tbody>${d.domains
    .map((x) => `<tr><td><a href="#domein-${escape(x.id)}">${escape(x.title)}</a></td><td>${x.core ? 'ja' : 'nee'}</td><td>${domainSummaryLines(x).map(escape).join('<br>')}</td></tr>`)
    .join('')}</tbody></table></section>`);

  for (const domain of d.domains) {
    out.push(`<section class="domain" id="domein-${escape(domain.id)}"><h2>${escape(domain.code)} — ${escape(domain.title)}${domain.core ? ' (kerndomein)' : ''}</h2>
${reflectionHtml(domain.zelfevaluatie)}<div class="samenvatting">${domainSummaryLines(domain).map((l) => `<p>${escape(l)}</p>`).join('')}</div>`);
    for (const c of domain.criteria) out.push(criterionHtml(c, v));
    out.push('<h3>Cycli</h3>');
    if (domain.cycleList.length === 0) out.push('<p class="empty">Geen cycli in deze periode.</p>');
    else {
      out.push('<table><thead><tr><th>Cyclus</th><th>Soort</th><th>Periode</th><th>Fase</th><th>Bewijs</th><th>Bevindingen</th><th>Reviews</th></tr></thead><tbody>');
      for (const c of domain.cycleList) {
        out.push(`<tr><td>${escape(c.title)} <span class="ref">${v.ref(c.source)}</span></td><td>${escape(label(CYCLE_KIND_LABELS, c.kind))}</td><td>${datum(c.period.from)} – ${datum(c.period.to)}</td><td>${escape(label(PHASE_LABELS, c.phase))}</td><td>${c.evidence}</td><td>${c.findings}</td><td>${c.reviews.map((r) => `${escape(r.body)} ${datum(r.date)}`).join('; ')}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
    out.push('</section>');
  }

  out.push(`<section id="thema"><h2>Thema: ${escape(d.theme.title)}</h2><p>${escape(d.theme.description)}</p><ul>${d.theme.criteria
    .map((c) => `<li><a href="#criterium-${escape(c.code)}">${escape(c.code)}</a> ${status(c.status)}</li>`)
    .join('')}</ul></section>`);
  out.push(`<section id="lacunes"><h2>Lacunes</h2><p>Criteria zonder bewijs in de periode (${escape(periodText(d.period))}).</p>${
    d.gaps.length ? `<ul>${d.gaps.map((g) => `<li><a href="#criterium-${escape(g.code)}">${escape(g.code)}</a> — ${escape(g.title)}</li>`).join('')}</ul>` : '<p class="empty">Geen lacunes.</p>'
  }${
    d.unknownCriteria.length
      ? `<h3>Onbekende criteriumcodes</h3><p>Bewijs noemt codes die dit kader niet kent: ${d.unknownCriteria.map((u) => `<code>${escape(u.code)}</code>`).join(', ')} (de bewijsstukken staan in de verantwoording).</p>`
      : ''
  }</section>`);

  out.push(`<section id="verantwoording"><h2>Verantwoording</h2><table><tbody>${dossierIdentity(d)
    .map(([k, val]) => `<tr><th>${escape(k)}</th><td><code>${escape(val)}</code></td></tr>`)
    .join('')}</tbody></table>`);
  if (d.unknownCriteria.length) out.push(`<p>Bewijs met onbekende criteriumcodes:</p><ul>${d.unknownCriteria.map((u) => `<li><code>${escape(u.code)}</code>: ${escape(u.evidence.join(', '))}</li>`).join('')}</ul>`);
  out.push(`<p>${escape(VERANTWOORDING_INTRO)}</p><table><thead><tr><th>Nr</th><th>Wat</th><th>Stream</th><th>Revisie</th><th>Event-id</th><th>Positie</th></tr></thead><tbody>`);
  for (const e of v.entries) {
    out.push(`<tr id="v${e.nr}"><td>${e.nr}</td><td>${escape(e.what)}${e.sha256 ? `<br><code>sha256 ${escape(e.sha256)}</code>` : ''}</td><td><code>${escape(e.source.streamId)}</code></td><td>${e.source.revision}</td><td><code>${escape(e.source.eventId)}</code></td><td>${escape(e.source.position)}</td></tr>`);
  }
  out.push('</tbody></table></section></body></html>\n');
  return out.join('\n');
}
