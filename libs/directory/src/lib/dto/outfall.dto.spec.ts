import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { createValidationPipe, DomainException, VALIDATION_OPTIONS } from '@outfall/common';
import { getMetadataStorage } from 'class-validator';
import { OutfallQueryDto, outfallQueryShortcut } from './outfall.dto';

const UUID = '3f2c6a1e-8b1d-4c1e-9a57-0d6f1e2b3c4d';
const META: ArgumentMetadata = { type: 'query', metatype: OutfallQueryDto, data: '' };

/** The list query as the full pipe (class-transformer + class-validator, no shortcut) answers it. */
async function fullPipe(query: Record<string, unknown>): Promise<unknown> {
  try {
    return await new ValidationPipe(VALIDATION_OPTIONS).transform({ ...query }, META);
  } catch (error) {
    return error;
  }
}

async function platformPipe(query: Record<string, unknown>): Promise<unknown> {
  try {
    return await createValidationPipe().transform({ ...query }, META);
  } catch (error) {
    return error;
  }
}

const VALID: Record<string, string>[] = [
  {},
  { waterBodyId: UUID, category: 'industrial', sort: 'localCode', limit: '50' },
  { limit: '200', offset: '0', sort: '-createdAt,name' },
  { offset: '1000000', q: '头屯河', bbox: '87.1,43.9,87.4,44.2' },
  { keyRiver: 'true', banCandidate: 'false', duplicate: 'true', divisionConflict: 'false' },
  { divisionId: UUID, entityId: UUID.toUpperCase(), subType: 'urban_wwtp', area: 'key', status: 'active' },
];

const INVALID_OR_DOUBTFUL: Record<string, unknown>[] = [
  { limit: '0' },
  { limit: '201' },
  { limit: ' 50' },
  { limit: '5e1' },
  { limit: '050' },
  { offset: '-1' },
  { offset: '1.5' },
  { sort: 'local_code' },
  { waterBodyId: 'not-a-uuid' },
  { waterBodyId: [UUID, UUID] },
  { category: 'factory' },
  { keyRiver: 'yes' },
  { keyRiver: '1' },
  { q: 'x'.repeat(65) },
  { bbox: '87.1,43.9,87.4' },
  { colour: 'red' },
  { limit: '50', extra: '1' },
];

describe('outfallQueryShortcut (the list query without class-validator)', () => {
  it.each(VALID)('accepts %j with the value the full pipe gives', async (query) => {
    const short = outfallQueryShortcut({ ...query });
    expect(short).toBeInstanceOf(OutfallQueryDto);
    const full = await fullPipe(query);
    expect(full).toBeInstanceOf(OutfallQueryDto);
    expect({ ...(short as object) }).toEqual({ ...(full as object) });
    expect(await platformPipe(query)).toEqual(full);
  });

  it.each(INVALID_OR_DOUBTFUL)('leaves %j to the full pipe, with its answer', async (query) => {
    expect(outfallQueryShortcut({ ...query })).toBeUndefined();
    const full = await fullPipe(query);
    const platform = await platformPipe(query);
    if (full instanceof DomainException) {
      expect(platform).toBeInstanceOf(DomainException);
      const shape = (e: DomainException) => ({
        code: e.code,
        message: e.message,
        status: e.status,
        details: e.details,
      });
      expect(shape(platform as DomainException)).toEqual(shape(full));
      expect(full.status).toBe(400);
      expect(full.details.length).toBeGreaterThan(0);
    } else {
      // a doubtful form the validators do accept (" 50"): the same value either way
      expect(platform).toEqual(full);
    }
  });

  it('knows every property the DTO validates (a new filter must be added to the shortcut)', () => {
    const properties = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(OutfallQueryDto, '', true, false)
        .map((m) => m.propertyName),
    );
    const sample: Record<string, string> = {
      limit: '10',
      offset: '0',
      sort: 'name',
      waterBodyId: UUID,
      divisionId: UUID,
      entityId: UUID,
      keyRiver: 'true',
      banCandidate: 'true',
      duplicate: 'true',
      divisionConflict: 'true',
      category: 'industrial',
      subType: 'urban_wwtp',
      area: 'key',
      status: 'active',
      q: 'a',
      bbox: '1,2,3,4',
    };
    expect([...properties].sort()).toEqual(Object.keys(sample).sort());
    for (const property of properties)
      expect(outfallQueryShortcut({ [property]: sample[property] })).toBeInstanceOf(OutfallQueryDto);
  });
});
