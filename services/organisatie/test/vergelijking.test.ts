/** The national benchmark in the jaarverslag: the year's shared KPI values per institute, the own one first, small numbers without a value. */
import { describe, expect, it } from 'vitest';
import { buildJaarverslag, renderJaarverslag, type VergelijkingKpi } from '../src/index.ts';

const benchmark: VergelijkingKpi[] = [
  {
    nationalCode: 'nivel-veilig-klimaat', name: 'aios die het klimaat veilig vinden', unit: '%',
    institutes: [
      { institute: 'utrecht', own: true, measuredAt: '2026-02-15', n: 25, value: 82.5 },
      { institute: 'leiden', own: false, measuredAt: '2026-04-01', n: 3, suppressed: true },
      { institute: 'nijmegen', own: false, measuredAt: '2025-11-30', n: 40, value: 70 },
    ],
  },
  { name: 'tevreden opleiders', institutes: [{ institute: 'leiden', own: false, measuredAt: '2025-06-01', n: 9, value: 7 }] },
];

describe('the national comparison in the jaarverslag', () => {
  it('shows the values measured in the year, and says where a value is withheld', () => {
    const report = buildJaarverslag('utrecht', 2026, [], undefined, benchmark);
    expect(report.landelijkeVergelijking).toEqual([{ ...benchmark[0], institutes: benchmark[0]!.institutes.slice(0, 2) }]);
    const html = renderJaarverslag(report);
    expect(html).toContain('<h2>Landelijke vergelijking</h2>');
    expect(html).toContain('<li>eigen instituut: 82,5 % (n = 25, 15-02-2026)</li><li>leiden: minder dan 5 respondenten (n = 3, 01-04-2026)</li>');
    expect(html).not.toContain('nijmegen');
    expect(html).not.toContain('tevreden opleiders');
  });

  it('is left out where the server shares nothing', () => {
    const report = buildJaarverslag('utrecht', 2026, []);
    expect(report).not.toHaveProperty('landelijkeVergelijking');
    expect(renderJaarverslag(report)).not.toContain('Landelijke vergelijking');
  });
});
