import { ApiPropertyOptional } from '@nestjs/swagger';
import { Layer } from '../imports/layer-import.service';
import { IsEnum, IsOptional } from 'class-validator';
import { ImportMode } from '../imports/import-run';

export class ImportRequestDto {
  @ApiPropertyOptional({ enum: ImportMode, default: ImportMode.AllOrNothing })
  @IsOptional()
  @IsEnum(ImportMode, { message: `mode must be one of: ${Object.values(ImportMode).join(', ')}` })
  mode?: ImportMode;
}

export class LayerImportDto extends ImportRequestDto {
  @IsEnum(Layer, { message: `layer must be one of: ${Object.values(Layer).join(', ')}` })
  layer: Layer;
}

/** One rejected row of an import: the sheet row (1 = the first data row), the field and why. */
export class ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** What a layer import did: rows read, created, updated and rejected; committed or not (all-or-nothing). */
export class LayerImportResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  committed: boolean;
  errors: ImportRowError[];
  /** Where the time went, for the operator (imports that measure it). */
  timingsMs?: Record<string, number>;
  /** Layer `divisions`: outfalls whose township changed with the new boundaries. */
  outfallsMoved?: number;
  /** Layer `divisions`: outfalls outside every boundary, flagged for review. */
  outfallsFlagged?: number;
}
