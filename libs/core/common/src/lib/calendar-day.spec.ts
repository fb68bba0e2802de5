import { plainToInstance } from 'class-transformer';
import { IsOptional, validate, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import {
  beijingDateTime,
  beijingDay,
  beijingToday,
  CalendarDay,
  excelCellText,
  Instant,
  isCalendarDay,
  parseCalendarDay,
  parseDateTime,
  parseInstant,
} from './calendar-day';
import { flattenValidationErrors } from './validation';

const day = (input: unknown) => {
  const parsed = parseCalendarDay(input, 'effectiveOn');
  return 'day' in parsed ? parsed.day : parsed.error;
};

describe('the Beijing day of an instant and today in Beijing', () => {
  it('turns at 16:00 UTC', () => {
    expect(beijingDay(new Date('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31');
    expect(beijingDay(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
    expect(beijingToday(new Date('2025-03-31T16:00:00Z'))).toBe('2025-04-01');
    expect(beijingToday(new Date('2025-06-30T15:59:59Z'))).toBe('2025-06-30');
  });

  it('shows an instant on a Beijing wall clock for sheets', () => {
    expect(beijingDateTime(new Date('2024-12-31T16:30:05Z'))).toBe('2025-01-01 00:30');
    expect(beijingDateTime('2024-12-31T16:30:05Z', true)).toBe('2025-01-01 00:30:05');
    expect(beijingDateTime(null)).toBe('');
  });

  it('has no daylight saving: 8 hours all year', () => {
    // dates on both sides of the European and American DST changes
    expect(beijingDay(new Date('2024-03-31T01:30:00Z'))).toBe('2024-03-31');
    expect(beijingDay(new Date('2024-11-03T17:30:00Z'))).toBe('2024-11-04');
  });
});

describe('parseCalendarDay', () => {
  it('accepts a real YYYY-MM-DD as it is', () => {
    expect(day('2024-02-29')).toBe('2024-02-29');
    expect(day('2000-02-29')).toBe('2000-02-29');
    expect(day(' 2023-10-08 ')).toBe('2023-10-08');
  });

  it('refuses impossible dates with the field in the message', () => {
    expect(day('2023-02-30')).toBe('effectiveOn: 2023-02-30 is not a real date');
    expect(day('2023-02-29')).toBe('effectiveOn: 2023-02-29 is not a real date');
    expect(day('1900-02-29')).toBe('effectiveOn: 1900-02-29 is not a real date');
    expect(day('2023-13-01')).toBe('effectiveOn: 2023-13-01 is not a real date');
    expect(day('2023-00-10')).toBe('effectiveOn: 2023-00-10 is not a real date');
    expect(day('2023-04-31')).toBe('effectiveOn: 2023-04-31 is not a real date');
    expect(day('2023-04-00')).toBe('effectiveOn: 2023-04-00 is not a real date');
    expect(day('2023-02-30T10:00:00+08:00')).toBe('effectiveOn: 2023-02-30 is not a real date');
  });

  it('converts a date-time with an offset to its Beijing day: the year boundary', () => {
    expect(day('2024-12-31T16:30:00Z')).toBe('2025-01-01');
    expect(day('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(day('2024-12-31T16:00:00.000Z')).toBe('2025-01-01');
  });

  it('converts at the quarter boundaries', () => {
    expect(day('2025-03-31T16:00:00Z')).toBe('2025-04-01');
    expect(day('2025-06-30T15:59:59Z')).toBe('2025-06-30');
    expect(day('2025-09-30T16:00:00Z')).toBe('2025-10-01');
    expect(day('2023-09-30T15:59:59.999Z')).toBe('2023-09-30');
  });

  it('reads +08:00 as written and other offsets through the instant', () => {
    expect(day('2024-12-31T23:59:59+08:00')).toBe('2024-12-31');
    expect(day('2025-01-01T00:00:00+08:00')).toBe('2025-01-01');
    expect(day('2025-01-01T00:30:00+0800')).toBe('2025-01-01');
    // 2024-12-31 11:30 in New York is 2025-01-01 00:30 in Beijing
    expect(day('2024-12-31T11:30:00-05:00')).toBe('2025-01-01');
    expect(day('2024-12-31T10:59:00-05:00')).toBe('2024-12-31');
    // east of Beijing: 2025-01-01 00:30 in Tokyo is still 2024-12-31 in Beijing
    expect(day('2025-01-01T00:30:00+09:00')).toBe('2024-12-31');
  });

  it('reads a date-time without an offset as Beijing wall-clock time', () => {
    expect(day('2024-12-31T23:30:00')).toBe('2024-12-31');
    expect(day('2024-12-31 23:30')).toBe('2024-12-31');
    expect(day('2025-01-01T00:00')).toBe('2025-01-01');
  });

  it('refuses other shapes, impossible times and offsets', () => {
    const shape =
      'effectiveOn must be a calendar day: YYYY-MM-DD (Beijing), or a date-time with an offset such as 2024-05-01T10:30:00+08:00';
    for (const bad of [
      '2023/10/08',
      '20231008',
      '2023-1-8',
      '08-10-2023',
      'yesterday',
      '',
      '2023-10-08T',
      '2023-10-08Z',
    ])
      expect(day(bad)).toBe(shape);
    for (const bad of [20231008, null, undefined, {}, ['2023-10-08'], new Date()])
      expect(day(bad)).toBe(shape);
    expect(day('2023-10-08T24:00:00Z')).toBe('effectiveOn: 24:00:00 is not a real time of day');
    expect(day('2023-10-08T10:60:00Z')).toBe('effectiveOn: 10:60:00 is not a real time of day');
    expect(day('2023-10-08T10:00:00+15:00')).toBe('effectiveOn: +15:00 is not a UTC offset');
  });

  it('keeps days within 1900–2100', () => {
    expect(day('1900-01-01')).toBe('1900-01-01');
    expect(day('2100-12-31')).toBe('2100-12-31');
    expect(day('1899-12-31')).toBe('effectiveOn must be between 1900-01-01 and 2100-12-31');
    expect(day('0023-10-08')).toBe('effectiveOn must be between 1900-01-01 and 2100-12-31');
    expect(day('0050-01-01T00:00:00Z')).toBe('effectiveOn must be between 1900-01-01 and 2100-12-31');
    expect(day('2100-12-31T20:00:00Z')).toBe('effectiveOn must be between 1900-01-01 and 2100-12-31');
  });

  it('isCalendarDay accepts only the normalised form', () => {
    expect(isCalendarDay('2024-01-01')).toBe(true);
    expect(isCalendarDay('2024-12-31T16:30:00Z')).toBe(false);
    expect(isCalendarDay('2023-02-30')).toBe(false);
    expect(isCalendarDay(' 2024-01-01')).toBe(false);
  });
});

describe('under another server time zone', () => {
  const zone = process.env['TZ'];
  afterAll(() => {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  });

  it.each(['America/New_York', 'Asia/Tokyo', 'Europe/London'])('gives the same answers in %s', (tz) => {
    process.env['TZ'] = tz;
    expect(new Date(2024, 0, 1).getTimezoneOffset()).not.toBe(-480); // the zone really changed
    expect(day('2024-12-31T16:30:00Z')).toBe('2025-01-01');
    expect(day('2024-12-31 23:30')).toBe('2024-12-31');
    expect(parseInstant('2024-05-01 10:30')?.toISOString()).toBe('2024-05-01T02:30:00.000Z');
    expect(beijingToday(new Date('2025-03-31T16:00:00Z'))).toBe('2025-04-01');
    expect(excelCellText(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12-31T23:30:00');
    expect(beijingDateTime(new Date('2024-12-31T16:30:05Z'))).toBe('2025-01-01 00:30');
  });
});

describe('instants', () => {
  it('reads offsets as written and no offset as Beijing time', () => {
    expect(parseInstant('2024-05-01 10:30')?.toISOString()).toBe('2024-05-01T02:30:00.000Z');
    expect(parseInstant('2024-05-01T10:30:00Z')?.toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(parseInstant('2024-05-01T10:30:00+06:00')?.toISOString()).toBe('2024-05-01T04:30:00.000Z');
    expect(parseInstant('2024-05-01T10:30:00.123456-0500')?.toISOString()).toBe('2024-05-01T15:30:00.123Z');
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2024-13-45 10:00')).toBeNull();
    expect(parseInstant('2024-05-01')).toBeNull();
  });

  it('reads a bare day as 00:00 Beijing only where asked (period filters, expiry)', () => {
    expect(parseInstant('2024-05-01', { allowDay: true })?.toISOString()).toBe('2024-04-30T16:00:00.000Z');
    expect(parseInstant('2024-02-30', { allowDay: true })).toBeNull();
    expect(parseInstant('2024-05-01')).toBeNull();
  });

  it('says whether an offset was given', () => {
    expect(parseDateTime('2024-05-01T10:30:00Z')).toMatchObject({ hadOffset: true, day: '2024-05-01' });
    expect(parseDateTime('2024-05-01T10:30:00')).toMatchObject({ hadOffset: false, day: '2024-05-01' });
  });
});

describe('Excel date cells', () => {
  it('keep the wall-clock value exceljs puts in the UTC fields', () => {
    // a date cell typed 2024-12-31 comes as 2024-12-31T00:00:00Z and stays 2024-12-31
    expect(excelCellText(new Date('2024-12-31T00:00:00Z'))).toBe('2024-12-31');
    // a date-time cell typed 2024-12-31 23:30 stays 2024-12-31 (Beijing), not 2025-01-01
    expect(excelCellText(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12-31T23:30:00');
    expect(day(excelCellText(new Date('2024-12-31T23:30:00Z')))).toBe('2024-12-31');
    // floating-point error in the day fraction is rounded away
    expect(excelCellText(new Date('2024-05-01T10:29:59.9995Z'))).toBe('2024-05-01T10:30:00');
    expect(excelCellText(new Date('2024-04-30T23:59:59.9996Z'))).toBe('2024-05-01');
  });
});

describe('@CalendarDay()', () => {
  class Step {
    @CalendarDay() plannedOn!: string;
    @IsOptional() @CalendarDay() actualOn?: string;
  }
  class Plan {
    @CalendarDay() deadline!: string;
    @ValidateNested({ each: true }) @Type(() => Step) milestones!: Step[];
  }

  const check = async (plain: object) => {
    const instance = plainToInstance(Plan, plain);
    return { instance, errors: flattenValidationErrors(await validate(instance)) };
  };

  it('stores the Beijing day of what was sent', async () => {
    const { instance, errors } = await check({
      deadline: '2024-12-31T16:30:00Z',
      milestones: [{ plannedOn: '2025-03-31T16:00:00Z', actualOn: '2025-06-30T15:59:59Z' }],
    });
    expect(errors).toEqual([]);
    expect(instance.deadline).toBe('2025-01-01');
    expect(instance.milestones[0]).toEqual({ plannedOn: '2025-04-01', actualOn: '2025-06-30' });
  });

  it('names the field, nested ones with their index', async () => {
    const { errors } = await check({
      deadline: '2023-02-30',
      milestones: [{ plannedOn: '2024-01-01' }, { plannedOn: '2024-01-01', actualOn: 'soon' }],
    });
    expect(errors).toEqual([
      { field: 'deadline', message: 'deadline: 2023-02-30 is not a real date' },
      {
        field: 'milestones[1].actualOn',
        message:
          'actualOn must be a calendar day: YYYY-MM-DD (Beijing), or a date-time with an offset such as 2024-05-01T10:30:00+08:00',
      },
    ]);
  });

  it('refuses a missing required day and accepts a missing optional one', async () => {
    const { errors } = await check({ milestones: [{}] });
    expect(errors.map((e) => e.field)).toEqual(['deadline', 'milestones[0].plannedOn']);
  });
});

describe('@Instant()', () => {
  class Window {
    @IsOptional() @Instant() from?: Date;
    @IsOptional() @Instant() to?: Date;
  }
  const check = async (plain: object) => {
    const instance = plainToInstance(Window, plain);
    return { instance, errors: flattenValidationErrors(await validate(instance)) };
  };

  it('reads text by the one rule and lets Dates through', async () => {
    const given = new Date('2024-05-01T00:00:00Z');
    const { instance, errors } = await check({ from: '2024-05-01 08:00', to: given });
    expect(errors).toEqual([]);
    expect(instance.from?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(instance.to).toEqual(given);
  });

  it('names the field of what it cannot read, an invalid Date included', async () => {
    const { errors } = await check({ from: '2024-02-30T10:00:00Z', to: new Date(Number.NaN) });
    expect(errors.map((e) => e.field)).toEqual(['from', 'to']);
    expect(errors[0].message).toMatch(/^from must be a date-time/);
  });
});
