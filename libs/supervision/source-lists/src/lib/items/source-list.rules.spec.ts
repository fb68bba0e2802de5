import { SourceListKind, UnitKind } from '@outfall/shared-types';
import { withCreditCodeCheck } from '@outfall/directory';
import { industryCodeProblem, keepsList, normalizeCreditCode, sourceListProblems } from './source-list.rules';

const bbox = { minLon: 86.4, minLat: 43, maxLon: 87.9, maxLat: 45.3 };

describe('source-list rules', () => {
  it('accepts GB/T 4754 section letters and 2–4 digit codes only', () => {
    for (const ok of ['C', 'T', '13', '131', '1311']) expect(industryCodeProblem(ok)).toBeNull();
    for (const bad of ['Z', 'CC', '1', '13111', 'C13', ''])
      expect(industryCodeProblem(bad)).toContain('格式不正确');
  });

  it('reports every problem of a row, in Chinese', () => {
    const problems = sourceListProblems(
      SourceListKind.IndustrialEnterprise,
      { name: '', creditCode: '123', longitude: 200, latitude: null, industryCode: '1' },
      bbox,
    );
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['creditCode', 'industryCode', 'latitude', 'longitude', 'name'].sort(),
    );
    expect(problems.every((p) => /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
  });

  it('needs species and head count on livestock farms, area on aquaculture farms, no credit code', () => {
    const point = { name: '某养殖场', longitude: 87.3, latitude: 44.0 };
    expect(
      sourceListProblems(SourceListKind.LivestockFarm, { ...point, headCount: 1.5 }, bbox).map(
        (p) => p.field,
      ),
    ).toEqual(['species', 'headCount']);
    expect(sourceListProblems(SourceListKind.AquacultureFarm, { ...point, areaMu: 0 }, bbox)).toHaveLength(1);
    expect(sourceListProblems(SourceListKind.AquacultureFarm, { ...point, areaMu: 12.5 }, bbox)).toEqual([]);
  });

  it('validates the credit code with the directory check character', () => {
    const code = withCreditCodeCheck('91652301MA7800001');
    const base = { name: 'x', longitude: 87.3, latitude: 44, industryCode: 'C' };
    expect(
      sourceListProblems(SourceListKind.IndustrialEnterprise, { ...base, creditCode: code }, bbox),
    ).toEqual([]);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(
      sourceListProblems(SourceListKind.IndustrialEnterprise, { ...base, creditCode: wrong }, bbox)[0]
        .message,
    ).toContain('校验位');
    expect(normalizeCreditCode(' ９１a ')).toBe('91A');
  });

  it('lets housing, agriculture and industry keep enterprise lists, only agriculture the farms', () => {
    expect(keepsList(UnitKind.Housing, SourceListKind.IndustrialEnterprise)).toBe(true);
    expect(keepsList(UnitKind.Housing, SourceListKind.LivestockFarm)).toBe(false);
    expect(keepsList(UnitKind.Agriculture, SourceListKind.AquacultureFarm)).toBe(true);
    expect(keepsList(UnitKind.WaterBureau, SourceListKind.IndustrialEnterprise)).toBe(false);
  });
});
