import { Injectable } from '@nestjs/common';
import { DomainException, Principal } from '@outfall/common';
import { SignageService } from '@outfall/signage';
import * as QRCode from 'qrcode';

export interface SignContent {
  outfallName: string;
  outfallCode: string;
  entityName: string | null;
  receivingWater: string;
  supervisingDepartment: string;
  supervisingPhone: string | null;
  qrPayload: string;
}

const MAX_SHEETS = 200;

/**
 * Printable A4 sign sheets (树标立牌): the sign's stored content, or — for an outfall without a sign yet — the
 * content proposed from its current data; the QR code (SVG, generated here with `qrcode`) opens the outfall's
 * public page. Jurisdiction is the signage service's (a township prints only its own outfalls).
 */
@Injectable()
export class SignSheetService {
  constructor(private readonly signage: SignageService) {}

  async contents(
    principal: Principal,
    query: { outfallIds?: string; divisionId?: string },
  ): Promise<SignContent[]> {
    if (!query.outfallIds && !query.divisionId)
      throw DomainException.invalid('outfallIds', 'give outfallIds or divisionId');
    if (query.outfallIds) {
      const ids = [...new Set(query.outfallIds.split(','))];
      const out: SignContent[] = [];
      for (const id of ids) {
        const sign = await this.signage.get(principal, id).catch(async (error: unknown) => {
          // no sign yet: its proposal (which itself answers 404 outside the caller's reach)
          if (error instanceof DomainException && error.status === 404)
            return this.signage.propose(principal, id);
          throw error;
        });
        out.push(sign as SignContent);
      }
      return out;
    }
    const signs = await this.signage.all(principal, { divisionId: query.divisionId });
    if (signs.length > MAX_SHEETS)
      throw DomainException.invalid(
        'divisionId',
        `at most ${MAX_SHEETS} sheets at once (${signs.length} here)`,
      );
    return signs;
  }

  async html(principal: Principal, query: { outfallIds?: string; divisionId?: string }): Promise<string> {
    const contents = await this.contents(principal, query);
    const pages = await Promise.all(contents.map((c) => this.page(c)));
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>排污口标识牌 (${contents.length})</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #111; }
.sheet { width: 186mm; height: 271mm; margin: 0 auto; border: 3mm solid #0b5394; padding: 12mm; display: flex;
  flex-direction: column; page-break-after: always; break-after: page; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
h1 { text-align: center; font-size: 30pt; margin: 0 0 8mm; letter-spacing: 4pt; color: #0b5394; }
table { width: 100%; border-collapse: collapse; font-size: 16pt; }
th, td { border: 1px solid #333; padding: 4mm 3mm; text-align: left; vertical-align: top; }
th { width: 42mm; background: #eef3fa; white-space: nowrap; }
.qr { margin-top: auto; display: flex; align-items: center; gap: 8mm; }
.qr svg { width: 55mm; height: 55mm; }
.qr p { font-size: 12pt; margin: 0; word-break: break-all; }
@media screen { body { background: #ccc; } .sheet { background: #fff; margin: 8mm auto; } }
</style></head><body>
${pages.join('\n')}
</body></html>`;
  }

  private async page(c: SignContent): Promise<string> {
    const svg = await QRCode.toString(c.qrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const row = (label: string, value: string | null) =>
      `<tr><th>${label}</th><td>${escapeHtml(value ?? '—')}</td></tr>`;
    return `<section class="sheet" data-code="${escapeHtml(c.outfallCode)}">
<h1>入河排污口标识牌</h1>
<table>
${row('排污口名称', c.outfallName)}
${row('排污口编码', c.outfallCode)}
${row('责任主体', c.entityName)}
${row('受纳水体', c.receivingWater)}
${row('监管部门', c.supervisingDepartment)}
${row('监督电话', c.supervisingPhone)}
</table>
<div class="qr">${svg}<p>扫码查看排污口公开信息<br>${escapeHtml(c.qrPayload)}</p></div>
</section>`;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}
