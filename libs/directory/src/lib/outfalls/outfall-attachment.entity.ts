import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Outfall } from './outfall.entity';

export enum AttachmentKind {
  Photo = 'photo',
  SignagePhoto = 'signage_photo',
  Document = 'document',
}

/** A photo or document of an outfall; the bytes live in the file store, this row says what and where. */
@ObjectType('OutfallAttachment')
@Entity('outfall_attachment')
@Index('outfall_attachment_outfall_idx', ['outfallId', 'createdAt'])
export class OutfallAttachment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  outfallId: string;

  @ManyToOne(() => Outfall, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outfall_id' })
  outfall?: Outfall;

  @Field({ description: 'photo, signage_photo or document' })
  @Column({ type: 'varchar', length: 16 })
  kind: AttachmentKind;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** What the API answers about an attachment: never where it is stored, but where to download it. */
export type OutfallAttachmentView = Omit<OutfallAttachment, 'storageKey'> & { downloadUrl: string };

/** Where REST serves the attachment's bytes. */
export function attachmentDownloadUrl(attachment: Pick<OutfallAttachment, 'id' | 'outfallId'>): string {
  return `/api/v1/outfalls/${attachment.outfallId}/attachments/${attachment.id}`;
}

export function toAttachmentView(attachment: OutfallAttachment): OutfallAttachmentView {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
  const { storageKey, ...rest } = attachment;
  return { ...rest, downloadUrl: attachmentDownloadUrl(attachment) };
}
