import { ValueQualifier } from '@outfall/shared-types';
import { DEFAULT_INDICATORS } from '../indicators/indicator.defaults';
import type { Indicator } from '../indicators/indicator.entity';
import { indicatorForHeader, parseReading } from './sample-import.job';
import { impossible, parseSampledAt } from './samples.service';

const catalogue = DEFAULT_INDICATORS as Indicator[];
const indicator = (code: string) => catalogue.find((i) => i.code === code) as Indicator;

describe('reading spreadsheet cells', () => {
  it.each([
    ['12.5', { value: 12.5, qualifier: ValueQualifier.Measured }],
    ['0.025L', { value: 0.025, qualifier: ValueQualifier.BelowDetection, detectionLimit: 0.025 }],
    ['<0.05', { value: 0.05, qualifier: ValueQualifier.BelowDetection, detectionLimit: 0.05 }],
    ['ND(0.01)', { value: 0.01, qualifier: ValueQualifier.BelowDetection, detectionLimit: 0.01 }],
    ['未检出（0.02）', { value: 0.02, qualifier: ValueQualifier.BelowDetection, detectionLimit: 0.02 }],
    ['约25', { value: 25, qualifier: ValueQualifier.Estimated }],
  ])('%s', (cell, expected) => {
    expect(parseReading(cell)).toEqual(expected);
  });

  it('leaves empty cells out and names what is not a number', () => {
    expect(parseReading('  ')).toBeNull();
    expect(parseReading('高')).toEqual({ error: '"高" is not a number' });
    expect(parseReading('0L')).toEqual({ error: '"0L" is not a detection limit' });
  });

  it('matches indicator columns by Chinese name, code or English name, with or without the unit', () => {
    expect(indicatorForHeader('化学需氧量（mg/L）', catalogue)?.code).toBe('cod');
    expect(indicatorForHeader('NH3N', catalogue)?.code).toBe('nh3n');
    expect(indicatorForHeader('pH值', catalogue)?.code).toBe('ph');
    expect(indicatorForHeader('Total phosphorus (mg/L)', catalogue)?.code).toBe('tp');
    expect(indicatorForHeader('备注', catalogue)).toBeUndefined();
  });
});

describe('sampling times and physical bounds', () => {
  it('reads a time without an offset as Beijing time', () => {
    expect(parseSampledAt('2024-05-01 10:30')?.toISOString()).toBe('2024-05-01T02:30:00.000Z');
    expect(parseSampledAt('2024-05-01T10:30:00Z')?.toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(parseSampledAt('2024-05-01T10:30:00+06:00')?.toISOString()).toBe('2024-05-01T04:30:00.000Z');
    expect(parseSampledAt('yesterday')).toBeNull();
    expect(parseSampledAt('2024-13-45 10:00')).toBeNull();
    // an impossible day is refused, not rolled over into March
    expect(parseSampledAt('2024-02-30 10:00')).toBeNull();
    expect(parseSampledAt('2023-02-29T10:00:00+08:00')).toBeNull();
  });

  it('refuses values no instrument can read', () => {
    expect(impossible(indicator('ph'), 14.2)).toBe('pH must be at most 14');
    expect(impossible(indicator('ph'), 0)).toBeNull();
    expect(impossible(indicator('cod'), -0.1)).toBe('COD cannot be negative');
    expect(impossible(indicator('temperature'), -6)).toBe('Water temperature must be at least -5 °C');
    expect(impossible(indicator('temperature'), 60.5)).toBe('Water temperature must be at most 60 °C');
  });
});
