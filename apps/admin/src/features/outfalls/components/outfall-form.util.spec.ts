import { describe, expect, it } from '@jest/globals';
import { Bank, OutfallCategory, OutfallSubType } from '@outfall/shared-types';
import dayjs from 'dayjs';
import type { OutfallRow } from '../types';
import { createInput, type FormValues, initialValues, patchInput } from './outfall-form.util';

const values: FormValues = {
  name: ' 一号口 ',
  category: OutfallCategory.Industrial,
  subType: OutfallSubType.IndustrialEnterprise,
  longitude: 87.3,
  latitude: 44.0,
  waterBodyId: 'w1',
  bank: Bank.Left,
  discoveredOn: dayjs('2024-03-01'),
  signageInstalled: false,
};

describe('the outfall form bodies', () => {
  it('a create sends only the fields given, registered on the discovery date when empty', () => {
    expect(createInput(values)).toEqual({
      name: '一号口',
      category: OutfallCategory.Industrial,
      subType: OutfallSubType.IndustrialEnterprise,
      longitude: 87.3,
      latitude: 44.0,
      waterBodyId: 'w1',
      bank: Bank.Left,
      discoveredOn: '2024-03-01',
      registeredOn: '2024-03-01',
      signageInstalled: false,
    });
  });

  it('an edit sends what changed (a cleared field as null) and the version, never the division cleared', () => {
    const row = {
      id: 'o1',
      name: '一号口',
      nationalCode: 'X1',
      category: OutfallCategory.Industrial,
      subType: OutfallSubType.IndustrialEnterprise,
      longitude: 87.3,
      latitude: 44.0,
      waterBodyId: 'w1',
      divisionId: 'd1',
      bank: Bank.Left,
      dischargeMode: null,
      dischargeMethod: null,
      sizeMm: 300,
      discoveredOn: '2024-03-01',
      permitNumber: null,
      setupApproval: null,
      signageInstalled: false,
      signageInstalledOn: null,
      version: 4,
    } as unknown as OutfallRow;
    const form = initialValues(row, undefined) as FormValues;
    expect(patchInput(row, form)).toEqual({ version: 4 });
    expect(
      patchInput(row, {
        ...form,
        name: '二号口',
        nationalCode: undefined,
        sizeMm: undefined,
        divisionId: undefined,
      }),
    ).toEqual({ name: '二号口', nationalCode: null, sizeMm: null, version: 4 });
    expect(patchInput(row, { ...form, divisionId: 'd2' })).toEqual({ divisionId: 'd2', version: 4 });
  });
});
