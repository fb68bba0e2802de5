import {
  Bank,
  type DischargeMethod,
  type DischargeMode,
  type OutfallCategory,
  type OutfallSubType,
  type SetupApproval,
} from '@outfall/shared-types';
import dayjs, { type Dayjs } from 'dayjs';
import type { OutfallInput, OutfallPatch, OutfallRow } from '../types';

const DATE = 'YYYY-MM-DD';

/** The outfall form's values (antd's, before validation some required ones may be empty). */
export interface FormValues {
  name: string;
  nationalCode?: string;
  category?: OutfallCategory;
  subType?: OutfallSubType;
  longitude?: number;
  latitude?: number;
  waterBodyId?: string;
  divisionId?: string;
  bank: Bank;
  dischargeMode?: DischargeMode;
  dischargeMethod?: DischargeMethod;
  sizeMm?: number;
  discoveredOn?: Dayjs;
  registeredOn?: Dayjs;
  permitNumber?: string;
  setupApproval?: SetupApproval;
  signageInstalled: boolean;
  signageInstalledOn?: Dayjs;
}

/**
 * The form's values as API fields: the contract's `PATCH` fields, an empty optional one `null` (cleared). The
 * division may be empty on a create (the API places the point), and `registeredOn` is create-only.
 */
type Wire = Omit<Required<Omit<OutfallPatch, 'version'>>, RequiredOnCreate | 'divisionId'> &
  Partial<Pick<OutfallInput, RequiredOnCreate>> & { divisionId: string | null; registeredOn: string | null };
/** The fields a create needs, which the form's rules require (before validation they may be empty). */
type RequiredOnCreate = 'category' | 'subType' | 'longitude' | 'latitude' | 'waterBodyId' | 'discoveredOn';

const text = (value: string | undefined) => value?.trim() || null;
const day = (value: Dayjs | undefined | null) => (value ? value.format(DATE) : null);

/** Form values as API fields; empty optional fields are `null` (cleared). */
function toWire(values: FormValues): Wire {
  return {
    name: values.name.trim(),
    nationalCode: text(values.nationalCode),
    category: values.category,
    subType: values.subType,
    longitude: values.longitude,
    latitude: values.latitude,
    waterBodyId: values.waterBodyId,
    divisionId: values.divisionId ?? null,
    bank: values.bank,
    dischargeMode: values.dischargeMode ?? null,
    dischargeMethod: values.dischargeMethod ?? null,
    sizeMm: values.sizeMm ?? null,
    discoveredOn: day(values.discoveredOn) ?? undefined,
    // empty: the discovery date, so no later milestone (现场排查 …) can fall before registration
    registeredOn: day(values.registeredOn ?? values.discoveredOn),
    permitNumber: text(values.permitNumber),
    setupApproval: values.setupApproval ?? null,
    signageInstalled: values.signageInstalled,
    signageInstalledOn: values.signageInstalled ? day(values.signageInstalledOn) : null,
  };
}

export function initialValues(
  outfall: OutfallRow | null,
  divisionId: string | undefined,
): Partial<FormValues> {
  if (!outfall) return { bank: Bank.Unknown, signageInstalled: false, divisionId };
  return {
    name: outfall.name,
    nationalCode: outfall.nationalCode ?? undefined,
    category: outfall.category,
    subType: outfall.subType,
    longitude: outfall.longitude,
    latitude: outfall.latitude,
    waterBodyId: outfall.waterBodyId,
    divisionId: outfall.divisionId,
    bank: outfall.bank,
    dischargeMode: outfall.dischargeMode ?? undefined,
    dischargeMethod: outfall.dischargeMethod ?? undefined,
    sizeMm: outfall.sizeMm ?? undefined,
    discoveredOn: dayjs(outfall.discoveredOn),
    permitNumber: outfall.permitNumber ?? undefined,
    setupApproval: outfall.setupApproval ?? undefined,
    signageInstalled: outfall.signageInstalled,
    signageInstalledOn: outfall.signageInstalledOn ? dayjs(outfall.signageInstalledOn) : undefined,
  };
}

/** The fields that are neither null nor undefined. */
function given<T extends object>(wire: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(wire).filter(([, value]) => value !== null && value !== undefined),
  ) as { [K in keyof T]?: Exclude<T[K], null> };
}

/** A create: only the fields given. */
export function createInput(values: FormValues): OutfallInput {
  const wire = toWire(values);
  const { category, subType, longitude, latitude, waterBodyId, discoveredOn } = wire;
  // the form's rules require these, so this does not happen; it types the create without a cast
  if (
    !category ||
    !subType ||
    longitude === undefined ||
    latitude === undefined ||
    !waterBodyId ||
    !discoveredOn
  )
    throw new Error('outfall form: a required field is empty');
  return {
    ...given(wire),
    name: wire.name,
    category,
    subType,
    longitude,
    latitude,
    waterBodyId,
    discoveredOn,
  };
}

/** An edit: only what changed (a cleared optional field is sent as null), with the version read. */
export function patchInput(outfall: OutfallRow, values: FormValues): OutfallPatch {
  const {
    registeredOn: _ignored,
    divisionId: beforeDivision,
    ...before
  } = toWire(initialValues(outfall, undefined) as FormValues);
  const { registeredOn: _created, divisionId, ...after } = toWire(values);
  const changes = changed(before, after);
  // the division cannot be cleared, only changed
  const division = divisionId !== null && divisionId !== beforeDivision ? { divisionId } : {};
  return { ...changes, ...division, version: outfall.version };
}

/** The fields of `after` that differ from `before`. */
function changed<T extends object>(before: T, after: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(after).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof T]),
    ),
  ) as Partial<T>;
}
