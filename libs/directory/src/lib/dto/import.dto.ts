import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ enum: Layer })
  @IsEnum(Layer, { message: `layer must be one of: ${Object.values(Layer).join(', ')}` })
  layer: Layer;
}
