import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WaterBody, withCreditCodeCheck } from '@outfall/directory';
import { SourceListsService, WaterBasinService } from '@outfall/source-lists';
import { SourceListKind } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { prng } from '../directory-demo.data';

/**
 * Synthetic basin figures for the demo rivers (rounded orders of magnitude, NOT the water bureau's data).
 */
const DEMO_BASINS: Record<string, { basinAreaKm2: number; riverLengthKm: number }> = {
  TTH: { basinAreaKm2: 2880, riverLengthKm: 198 },
  STH: { basinAreaKm2: 2030, riverLengthKm: 187 },
  LKL: { basinAreaKm2: 420, riverLengthKm: 86 },
  JTH: { basinAreaKm2: 310, riverLengthKm: 62 },
};

const INDUSTRY_CODES = ['3021', '1311', '2614', '3311', '1713', '3039', '2710', '1440', '3130', 'C'];
const ENTERPRISE_WORDS = ['建材', '食品', '化工', '机械', '纺织', '水泥', '制药', '乳业', '钢结构', '新材料'];
const LIVESTOCK = ['生猪', '奶牛', '肉牛', '羊', '蛋鸡', '肉鸡'];
const FISH = ['鲤鱼', '草鱼', '虹鳟', '鲫鱼'];

/**
 * Synthetic department lists near the demo outfalls: above-scale industrial enterprises (some carrying the
 * credit codes of demo responsible entities, so they match), livestock and aquaculture farms of the
 * agriculture bureau; and basin area / river length for the demo rivers. Written through the service (rules,
 * matching, audit); deterministic; runs only when no demo list item exists.
 */
@Injectable()
export class SourceListsDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lists: SourceListsService,
    private readonly basins: WaterBasinService,
  ) {}

  async run(): Promise<{ items: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM source_list_item WHERE demo) AS any`,
    );
    if (any) return { items: 0 };
    const units = new Map(
      (
        await this.dataSource.query<{ kind: string; id: string }[]>(
          `SELECT DISTINCT ON (kind) kind, id FROM unit WHERE kind IN ('housing', 'agriculture', 'commerce_industry') ORDER BY kind, name`,
        )
      ).map((u) => [u.kind, u.id]),
    );
    const industry = units.get('commerce_industry');
    const housing = units.get('housing');
    const agriculture = units.get('agriculture');
    if (!industry || !housing || !agriculture) return { items: 0 };
    const outfalls = await this.dataSource.query<{ longitude: number; latitude: number; category: string }[]>(
      `SELECT longitude, latitude, category FROM outfall
        WHERE demo AND status = 'active' AND category IN ('industrial', 'agricultural')
        ORDER BY local_code`,
    );
    const industrial = outfalls.filter((o) => o.category === 'industrial').slice(0, 12);
    const agricultural = outfalls.filter((o) => o.category === 'agricultural').slice(0, 8);
    const entityCodes = (
      await this.dataSource.query<{ credit_code: string }[]>(
        `SELECT credit_code FROM responsible_entity WHERE demo AND kind = 'enterprise' AND credit_code IS NOT NULL
          ORDER BY credit_code LIMIT 8`,
      )
    ).map((r) => r.credit_code);
    const random = prng(20250612);
    const near = (o: { longitude: number; latitude: number }) => {
      // 150–1 800 m from the outfall, in a random direction (1° lat ≈ 111 km; 1° lon ≈ 80 km here)
      const distance = 150 + random() * 1650;
      const angle = random() * 2 * Math.PI;
      return {
        longitude: Math.round((o.longitude + (Math.cos(angle) * distance) / 80_000) * 1e6) / 1e6,
        latitude: Math.round((o.latitude + (Math.sin(angle) * distance) / 111_000) * 1e6) / 1e6,
      };
    };
    let items = 0;
    let serial = 0;
    await this.dataSource.transaction(async (em) => {
      const add = async (kind: SourceListKind, owner: string, input: Record<string, unknown>) => {
        const { values } = await this.lists.check(em, kind, input);
        if (!values) return;
        await this.lists.save(em, kind, owner, values, null, true);
        items++;
      };
      for (const [index, outfall] of industrial.entries()) {
        for (let k = 0; k < 2; k++) {
          const n = serial++;
          const owner = n % 6 === 4 ? housing : n % 6 === 5 ? agriculture : industry;
          const word = ENTERPRISE_WORDS[n % ENTERPRISE_WORDS.length];
          await add(SourceListKind.IndustrialEnterprise, owner, {
            name: `昌吉市演示${word}有限公司${String(n + 1).padStart(2, '0')}（合成）`,
            creditCode:
              k === 0 && index < entityCodes.length
                ? entityCodes[index]
                : withCreditCodeCheck(`91652301MA79${String(n + 1).padStart(5, '0')}`),
            ...near(outfall),
            address: `昌吉市演示工业路 ${n + 1} 号（合成地址）`,
            industryCode: INDUSTRY_CODES[n % INDUSTRY_CODES.length],
          });
        }
      }
      for (const [index, outfall] of agricultural.entries()) {
        await add(SourceListKind.LivestockFarm, agriculture, {
          name: `演示${LIVESTOCK[index % LIVESTOCK.length]}养殖场${index + 1}（合成）`,
          creditCode:
            index % 2 ? withCreditCodeCheck(`92652301MA79${String(index + 1).padStart(5, '0')}`) : null,
          ...near(outfall),
          species: LIVESTOCK[index % LIVESTOCK.length],
          headCount: 200 + Math.floor(random() * 4800),
        });
        if (index < 6)
          await add(SourceListKind.AquacultureFarm, agriculture, {
            name: `演示水产养殖场${index + 1}（合成）`,
            ...near(outfall),
            species: FISH[index % FISH.length],
            areaMu: Math.round((20 + random() * 480) * 10) / 10,
          });
      }
      for (const [code, figures] of Object.entries(DEMO_BASINS)) {
        const water = await em.getRepository(WaterBody).findOneBy({ code, demo: true });
        if (water && water.basinAreaKm2 === null && water.riverLengthKm === null)
          await this.basins.apply(em, water, figures);
      }
    });
    return { items };
  }
}
