/** The year report as printable Dutch HTML, from the same model as the JSON. Every value is escaped. */
import { RESULT_GROUPS, type Jaarverslag, type KpiResult } from './jaarverslag.ts';

const esc = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const GROUP_TITLES: Record<(typeof RESULT_GROUPS)[number], string> = {
  staf: 'Staf', opleiders: 'Opleiders', aios: 'Aios', maatschappij: 'Maatschappij', financiers: 'Financiers',
};
const KIND_TITLES: Record<string, string> = {
  opleiders: 'Opleiders', docenten: 'Docenten', leeromgeving: 'Leeromgeving', curriculum: 'Curriculum', organisatie: 'Organisatie',
};

const list = (items: string[], empty = 'Geen.') => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="leeg">${empty}</p>`);

function kpiLine(k: KpiResult): string {
  const measured = k.measured ? `${k.measured.value} ${k.unit} (${k.measured.measuredAt}, ${k.measured.source})` : k.explanation ? `niet gemeten: ${k.explanation}` : 'nog niet gemeten';
  const verdict = k.reached === null ? '' : k.reached ? ' — <strong>doel gehaald</strong>' : ' — doel nog niet gehaald';
  return `<li>${esc(k.name)}: nulmeting ${esc(k.baseline.value)} ${esc(k.unit)} (${esc(k.baseline.source)} ${esc(k.baseline.year)}), doel ${esc(k.target.value)} ${esc(k.unit)} per ${esc(k.target.by)}; gemeten ${esc(measured)}${verdict}</li>`;
}

export function renderJaarverslag(report: Jaarverslag): string {
  const doelen = report.doelen
    .map((d, i) => {
      const results = RESULT_GROUPS.map((g) => `<h4>${GROUP_TITLES[g]}</h4>${d.resultaten[g].length ? `<ul>${d.resultaten[g].map(kpiLine).join('')}</ul>` : '<p class="leeg">Geen indicator.</p>'}`).join('');
      return `<section class="doel" id="doel-${i + 1}">
<h2>${i + 1}. ${esc(d.goal.title)}</h2>
<p class="cyclus">${esc(KIND_TITLES[d.cycle.kind] ?? d.cycle.kind)}cyclus: ${esc(d.cycle.title)} (${esc(d.cycle.period.from)} t/m ${esc(d.cycle.period.to)}, fase ${esc(d.cycle.phase)})</p>
${d.goal.description ? `<p>${esc(d.goal.description)}</p>` : ''}
<div class="ink">
<div class="links"><h3>Organisatie</h3>
<h4>Strategie en beleid</h4>${list(d.organisatie.strategieEnBeleid)}
<h4>Medewerkers</h4>${list(d.organisatie.medewerkers)}
<h4>Middelen</h4>${list(d.organisatie.middelen)}
<h4>Processen</h4>${list(d.organisatie.processen)}
</div>
<div class="rechts"><h3>Resultaten</h3>${results}</div>
</div></section>`;
    })
    .join('\n');
  const toc = report.doelen.map((d, i) => `<li><a href="#doel-${i + 1}">${esc(d.goal.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Jaarverslag ${esc(report.year)} — ${esc(report.institute)}</title>
<style>
body{font:11pt/1.45 Georgia,serif;color:#111;max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:20pt}h2{font-size:14pt;border-bottom:1px solid #999;margin-top:2em}h3{font-size:12pt;margin:.3em 0}h4{font-size:10.5pt;margin:.6em 0 .2em}
.ink{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.links,.rechts{border:1px solid #ccc;padding:.5em 1em}
.cyclus{color:#444;font-style:italic}.leeg{color:#777}ul{margin:.2em 0 .4em 1.2em;padding:0}
@media print{body{margin:0;max-width:none}.doel{break-inside:avoid-page}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>Jaarverslag ${esc(report.year)}</h1>
<p>Instituut: ${esc(report.institute)}. Opgesteld uit de gebeurtenissen van de kwaliteitscycli, in de structuur van het INK-managementmodel. Cycli: ${report.cycles.total}, waarvan ${report.cycles.closed} afgesloten.</p>
<h2>Inhoud</h2><ol>${toc}<li><a href="#managementreview">Managementreview</a></li><li><a href="#bevindingen">Bevindingen en verbeteracties</a></li></ol>
${doelen}
<section id="managementreview"><h2>Managementreview</h2>
<h4>Gehouden</h4>${list(report.managementReviews.held.map((r) => `${r.date} — ${r.cycle}`))}
<h4>Te laat</h4>${list(report.managementReviews.overdue.map((r) => `gepland ${r.due} — ${r.cycle}`))}
</section>
<section id="bevindingen"><h2>Bevindingen en verbeteracties</h2>
<h4>Bevindingen</h4>${list(report.findings.map((f) => `${f.title} (${f.assessment}${f.accepted ? ', geaccepteerd' : ''}) — ${f.cycle}`))}
<h4>Verbeteracties</h4>${list(report.actions.map((a) => `${a.title} — ${a.status === 'open' ? `open, gepland ${a.due}${a.overdue ? ', te laat' : ''}` : 'afgerond'} — ${a.cycle}`))}
</section>
</body></html>`;
}
