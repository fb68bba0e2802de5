import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_PUBLIC_FIELDS, PublicationStatus } from '@outfall/public-portal';
import { OutfallCategory } from '@outfall/shared-types';
import { DataSource } from 'typeorm';

/**
 * Synthetic demo data for the public portal; runs after the supervision demo. Idempotent: when no publication
 * revision exists, revision 1 is made effective — the default fields (latest compliance stays unpublished, the
 * city chooses), every outfall category, signed or not.
 */
@Injectable()
export class PublicPortalDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO publication_config (revision, status, fields, categories, signed_only, note, edited_by_name,
                                       submitted_at, reviewed_by_name, reviewed_at, review_note, effective_from, version)
       SELECT 1, $1, $2::varchar[], $3::varchar[], false, '演示：首次公开配置', '演示数据', now(), '演示数据', now(),
              '同意公开', now(), 1
        WHERE NOT EXISTS (SELECT 1 FROM publication_config)`,
      [PublicationStatus.Effective, DEFAULT_PUBLIC_FIELDS, Object.values(OutfallCategory)],
    );
  }
}
