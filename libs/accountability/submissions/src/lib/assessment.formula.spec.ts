import { configProblems, countShare, DEFAULT_ACCOUNTABILITY_CONFIG, score } from './assessment.formula';

describe('assessment formula', () => {
  it('the default configuration is valid and totals 100', () => {
    expect(configProblems(DEFAULT_ACCOUNTABILITY_CONFIG)).toEqual([]);
    expect(score(DEFAULT_ACCOUNTABILITY_CONFIG, {}, new Map()).maximum).toBe(100);
  });

  it('redistributes the weight of inputs that do not apply', () => {
    const values = new Map([
      ['progress', { value: 0.5, detail: '' }],
      ['submissions', { value: 1, detail: '' }],
    ]);
    const result = score(DEFAULT_ACCOUNTABILITY_CONFIG, {}, values);
    // 40 and 15 applicable: factor 100/55
    expect(result.lines.find((l) => l.key === 'progress')?.points).toBeCloseTo(36.36, 2);
    expect(result.lines.find((l) => l.key === 'submissions')?.points).toBeCloseTo(27.27, 2);
    expect(result.lines.find((l) => l.key === 'publicReports')?.applicable).toBe(false);
    expect(result.score).toBe(Math.round(result.lines.reduce((s, l) => s + l.points, 0) * 100) / 100);
  });

  it('caps the deduction of count inputs', () => {
    expect(countShare(0, { weight: 20, perItem: 0.25, cap: 1 })).toBe(1);
    expect(countShare(2, { weight: 20, perItem: 0.25, cap: 1 })).toBe(0.5);
    expect(countShare(9, { weight: 20, perItem: 0.25, cap: 0.6 })).toBeCloseTo(0.4);
  });

  it('names the invalid fields', () => {
    expect(
      configProblems({ submissionDeadlineDays: -1, lateSubmissionShare: 2, components: {} }).map(
        (p) => p.field,
      ),
    ).toEqual(['submissionDeadlineDays', 'lateSubmissionShare', 'components']);
  });
});
