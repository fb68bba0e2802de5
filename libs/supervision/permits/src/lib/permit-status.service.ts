import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { FindingKind, PermitExpiry } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { OutfallPermitOutlet, OutfallPermitStatus } from './findings/finding.view';
import { FindingsService } from './findings/findings.service';
import { DischargePermit, PermitOutlet } from './permits/discharge-permit.entity';
import { PermitsService } from './permits/permits.service';
import { SchedulesService } from './schedules/schedules.service';

/** An outfall's permit status for its drawer: outlets, expiry flags, schedules and findings. */
@Injectable()
export class PermitStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outfalls: OutfallsService,
    private readonly permits: PermitsService,
    private readonly schedules: SchedulesService,
    private readonly findings: FindingsService,
  ) {}

  async forOutfall(principal: Principal, outfallId: string): Promise<OutfallPermitStatus> {
    await this.outfalls.get(principal, outfallId); // 404 outside the caller's jurisdiction
    const outletRows = await this.dataSource
      .getRepository(PermitOutlet)
      .createQueryBuilder('outlet')
      .innerJoinAndSelect('outlet.permit', 'permit')
      .innerJoinAndSelect('permit.entity', 'entity')
      .leftJoinAndSelect('outlet.duties', 'duty')
      .where('outlet.outfallId = :outfallId', { outfallId })
      .orderBy('permit.validTo', 'DESC')
      .addOrderBy('outlet.code')
      .addOrderBy('duty.indicatorCode')
      .getMany();
    const outlets: OutfallPermitOutlet[] = outletRows.map((row) => {
      const permit = this.permits.withExpiry(row.permit as DischargePermit);
      return {
        permitId: permit.id,
        permitNumber: permit.permitNumber,
        entityId: permit.entityId,
        entityName: permit.entity?.name ?? '',
        issuingAuthority: permit.issuingAuthority,
        validFrom: permit.validFrom,
        validTo: permit.validTo,
        expiry: permit.expiry as string,
        daysLeft: permit.daysLeft ?? 0,
        outletCode: row.code,
        outletName: row.name,
        duties: (row.duties ?? []).map((d) => `${d.indicatorCode}:${d.frequency}`),
      };
    });
    const [schedules, counts, recent] = await Promise.all([
      this.schedules.list(principal, { outfallId, limit: 50 }),
      this.findings.countsFor(outfallId),
      this.findings.list(principal, { outfallId, limit: 20, sort: '-periodEnd' }),
    ]);
    return {
      outfallId,
      outlets,
      schedules: schedules.items,
      permitExpiring: outlets.some((o) => o.expiry === PermitExpiry.Expiring),
      permitExpired:
        outlets.length > 0 &&
        outlets.some((o) => o.expiry === PermitExpiry.Expired) &&
        !outlets.some((o) => o.expiry === PermitExpiry.Valid || o.expiry === PermitExpiry.Expiring),
      nonReceiptCount: counts[FindingKind.NonReceipt],
      missedSampleCount: counts[FindingKind.MissedSample],
      recentFindings: recent.items,
    };
  }
}
