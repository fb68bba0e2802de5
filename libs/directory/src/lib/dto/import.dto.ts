import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { ImportMode } from '../imports/import-run';

export class ImportRequestDto {
  @ApiPropertyOptional({ enum: ImportMode, default: ImportMode.AllOrNothing })
  @IsOptional()
  @IsEnum(ImportMode, { message: `mode must be one of: ${Object.values(ImportMode).join(', ')}` })
  mode?: ImportMode;
}
