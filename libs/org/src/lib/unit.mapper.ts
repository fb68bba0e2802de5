import type { UnitDto } from './dto/org.dto';
import type { Unit } from './unit.entity';

export function toUnitDto(unit: Unit): UnitDto {
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind,
    divisionId: unit.divisionId,
    division: unit.division
      ? { id: unit.division.id, name: unit.division.name, code: unit.division.code }
      : null,
    sectorCategories: unit.sectorCategories,
    liaison: unit.liaison,
    demo: unit.demo,
    version: unit.version,
  };
}
