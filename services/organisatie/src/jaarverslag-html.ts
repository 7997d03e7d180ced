/**
 * The year report as printable Dutch HTML, from the same model as the JSON. Every value from the
 * events is escaped; the page has no scripts and no external assets, so it prints and archives as is.
 */
import { KIND_LABELS } from '@gearbox/cycles';
import { contactText, datum, getal } from '@gearbox/kernel';
import { RESULT_GROUPS, type DoelVerslag, type EvidenceItem, type Jaarverslag, type KpiResult, type ResultGroup, type VergelijkingKpi } from './jaarverslag.ts';

export const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const esc = escapeHtml;

const GROUP_TITLES: Record<ResultGroup, string> = {
  staf: 'Staf', opleiders: 'Opleiders', aios: 'Aios', maatschappij: 'Maatschappij', financiers: 'Financiers en bestuur',
};
const ASSESSMENTS: Record<string, string> = { voldoet: 'voldoet', deels: 'voldoet deels', 'voldoet-niet': 'voldoet niet' };

const list = (items: string[], empty = 'Geen.') => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="leeg">${empty}</p>`);
const number = getal;

const VERDICTS: Record<KpiResult['progress'], string> = {
  gehaald: ' <strong>Doel gehaald.</strong>', 'op-koers': ' Op koers, doel nog niet gehaald.', 'niet-op-koers': ' Niet op koers.', onbekend: '',
};

function kpiItem(k: KpiResult): string {
  const change = 'changePercent' in k.target ? ` (${k.target.changePercent > 0 ? '+' : ''}${number(k.target.changePercent)}% op de nulmeting)` : '';
  const gewenst = `nulmeting ${number(k.baseline.value)} ${k.unit} (${k.baseline.source} ${k.baseline.year}), doel ${number(k.targetValue)} ${k.unit}${change} per ${datum(k.target.by)}`;
  const behaald = k.measurements.length
    ? k.measurements.map((m) => `${number(m.value)} ${k.unit} op ${datum(m.measuredAt)} (${m.source})`).join('; ')
    : k.explanation
      ? `niet gemeten: ${k.explanation}`
      : 'nog niet gemeten';
  return `<li><span class="kpi">${esc(k.name)}</span><br>Gewenst: ${esc(gewenst)}.<br>Behaald: ${esc(behaald)}.${VERDICTS[k.progress]}</li>`;
}

/** Only web links become links; anything else (another scheme) stays text. */
function evidenceItem(e: EvidenceItem): string {
  const label = `${e.title} (${KIND_LABELS[e.kind] ?? e.kind}, ${datum(e.effectiveAt)}${e.criteria.length ? `; ${e.criteria.join(', ')}` : ''})`;
  const title = e.uri && /^https?:\/\//i.test(e.uri) ? `<a href="${esc(e.uri)}">${esc(label)}</a>` : esc(label);
  return `<li>${title}${e.summary ? `<br><span class="samenvatting">${esc(e.summary)}</span>` : ''}</li>`;
}

/** "Doel 2: Veilig opleidingsklimaat"; the part of a cycle that names no goal is "Overig". */
function headings(doelen: DoelVerslag[]): string[] {
  let n = 0;
  return doelen.map((d) => (d.goal ? `Doel ${++n}: ${d.goal.title}` : `Overig: ${d.cycle.title}`));
}

function doel(d: DoelVerslag, i: number, title: string): string {
  const results = RESULT_GROUPS.map(
    (g) => `<h4>${GROUP_TITLES[g]}</h4>${d.resultaten[g].length ? `<ul>${d.resultaten[g].map(kpiItem).join('')}</ul>` : '<p class="leeg">Geen indicator.</p>'}`,
  ).join('\n');
  return `<section class="doel" id="doel-${i + 1}">
<h2>${esc(title)}</h2>
<div class="ink">
<div class="links"><h3>Organisatie</h3>
<h4>Strategie en beleid</h4>${list(d.organisatie.strategieEnBeleid)}
<h4>Medewerkers (staf en opleiders)</h4>${list(d.organisatie.medewerkers)}
<h4>Middelen</h4>${list(d.organisatie.middelen)}
<h4>Processen</h4>${list(d.organisatie.processen)}
</div>
<div class="rechts"><h3>${d.goal ? 'Resultaten' : "Resultaten: overige KPI's (zonder doel)"}</h3>
${results}
<h4>Behaalde resultaten</h4>${d.behaaldeResultaten.length ? list(d.behaaldeResultaten) : '<p class="leeg">Nog geen bevindingen of afgeronde verbeteracties.</p>'}
<h4>Onderbouwing</h4>${d.onderbouwing.length ? `<ul>${d.onderbouwing.map(evidenceItem).join('')}</ul>` : '<p class="leeg">Geen bewijsstukken in dit jaar.</p>'}
</div>
</div></section>`;
}

/** The national benchmark: per KPI the own institute first, then the others; a value below 5 respondents stays away. */
function vergelijking(kpis: VergelijkingKpi[]): string {
  const value = (k: VergelijkingKpi, i: VergelijkingKpi['institutes'][number]) => {
    const figure = i.value !== undefined ? `${number(i.value)}${k.unit ? ` ${k.unit}` : ''}` : 'minder dan 5 respondenten';
    const about = [...(i.n !== undefined ? [`n = ${i.n}`] : []), datum(i.measuredAt)].join(', ');
    return `${i.own ? 'eigen instituut' : i.institute}: ${figure} (${about})`;
  };
  const items = kpis.map((k) => `<li><span class="kpi">${esc(k.name)}</span>${k.nationalCode ? ` (${esc(k.nationalCode)})` : ''}${list(k.institutes.map((i) => value(k, i)))}</li>`);
  return `<section id="vergelijking"><h2>Landelijke vergelijking</h2>
<p>De laatste meting per instituut van de KPI's die instituten met elkaar delen, geanonimiseerd; bij minder dan 5 respondenten zonder waarde.</p>
${items.length ? `<ul>${items.join('')}</ul>` : '<p class="leeg">Geen gedeelde metingen in dit jaar.</p>'}
</section>`;
}

export function renderJaarverslag(report: Jaarverslag): string {
  const { managementReviews: mr } = report;
  const titles = headings(report.doelen);
  const toc = titles.map((t, i) => `<li><a href="#doel-${i + 1}">${esc(t)}</a></li>`).join('');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jaarverslag ${esc(report.year)} — ${esc(report.instituteName)}</title>
<style>
body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#111;max-width:62em;margin:2em auto;padding:0 1em}
h1{font-size:20pt;margin-bottom:.2em}h2{font-size:14pt;border-bottom:1px solid #999;margin-top:2em}h3{font-size:12pt;margin:.3em 0}h4{font-size:10.5pt;margin:.7em 0 .2em}
.ink{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.links{border-left:4px solid #1f3b6f;padding:.2em 1em}.rechts{border-left:4px solid #d9822b;padding:.2em 1em}
.leeg{color:#666;font-style:italic;margin:.2em 0}ul{margin:.2em 0 .4em 1.2em;padding:0}li{margin:.15em 0}.kpi{font-weight:bold}.samenvatting{color:#333;font-size:10pt}
@media print{@page{size:A4;margin:18mm}body{margin:0;max-width:none;font-size:10pt}.doel{break-before:page}nav{break-after:page}a{color:inherit;text-decoration:none}.ink{grid-template-columns:1fr 1fr}}
</style></head><body>
<header><h1>Jaarverslag ${esc(report.year)}</h1>
<p class="instituut">${esc(report.instituteName)}${report.contact ? ` · ${esc(contactText(report.contact))}` : ''}</p>
<p>Opgesteld uit de gebeurtenissen van de kwaliteitscycli, per doel in de structuur van het INK-managementmodel:
links wat de organisatie inzet, rechts de gewenste en behaalde resultaten. Cycli in ${esc(report.year)}: ${esc(report.cycles.total)}, waarvan ${esc(report.cycles.closed)} afgesloten.</p></header>
<nav><h2>Inhoud</h2><ol>${toc}<li><a href="#managementreview">Managementreview</a></li><li><a href="#bevindingen">Bevindingen en verbeteracties</a></li></ol></nav>
${report.doelen.map((d, i) => doel(d, i, titles[i]!)).join('\n')}
<section id="managementreview"><h2>Managementreview</h2>
<h4>Gehouden</h4>${list(mr.held.map((r) => `${datum(r.date)} — ${r.cycle}`))}
<h4>Te laat (niet gehouden op de geplande datum)</h4>${list(mr.overdue.map((r) => `gepland ${datum(r.due)} — ${r.cycle}`))}
<h4>Gepland</h4>${list(mr.planned.map((r) => `${datum(r.due)} — ${r.cycle}`))}
</section>
<section id="bevindingen"><h2>Bevindingen en verbeteracties</h2>
<h4>Bevindingen</h4>${list(report.findings.map((f) => `${f.title} (${ASSESSMENTS[f.assessment] ?? f.assessment}${f.accepted ? ', geaccepteerd' : ''}) — ${f.cycle}`))}
<h4>Verbeteracties</h4>${list(report.actions.map((a) => `${a.title} — ${a.status === 'open' ? `open, gepland ${datum(a.due)}${a.overdue ? ', te laat' : ''}` : 'afgerond'} — ${a.cycle}`))}
</section>
${report.landelijkeVergelijking ? vergelijking(report.landelijkeVergelijking) : ''}
</body></html>`;
}
