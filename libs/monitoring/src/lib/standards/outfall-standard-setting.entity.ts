import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PlantGrade } from '@outfall/shared-types';
import { Outfall } from '@outfall/directory';
import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { DischargeStandard } from './discharge-standard.entity';

/** What the resolver needs about an outfall beyond the directory: plant grade and build date, an override. */
@ObjectType('OutfallStandardSetting')
@Entity('outfall_standard_setting')
export class OutfallStandardSetting {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  outfallId: string;

  @OneToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field(() => String, { nullable: true, description: 'WWTPs: permitted GB 18918 grade (1A, 1B, II, III)' })
  @Column({ type: 'varchar', length: 4, nullable: true })
  plantGrade: PlantGrade | null;

  @Field(() => String, { nullable: true, description: 'WWTPs: date the plant was built (YYYY-MM-DD)' })
  @Column({ type: 'date', nullable: true })
  plantBuiltOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  overrideStandardId: string | null;

  @ManyToOne(() => DischargeStandard, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'override_standard_id' })
  overrideStandard?: DischargeStandard;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
