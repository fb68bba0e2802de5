/**
 * SYNTHETIC (合成) township / sub-district boundaries for the demo: rectangles that tile the configured city
 * extent, four columns (one per demo river) by four rows, so every demo outfall falls inside exactly one of
 * them. They are NOT Changji's administrative boundaries and bear no relation to them: load the city's
 * surveyed boundaries with `POST /api/v1/layers/imports` (layer `divisions`, matched by division code).
 * Every boundary the seed writes carries `DEMO_BOUNDARY_SOURCE` as its `boundarySource`.
 */
export const DEMO_BOUNDARY_SOURCE =
  '合成边界（演示数据，非真实行政区划）/ synthetic demo boundary, not the real division';

/** Column edges (longitude): 军塘湖河 | 洛克伦河 | 三屯河 | 头屯河, each river inside its own column. */
const COLUMNS: { west: number; east: number; rows: [number, number, number] }[] = [
  // row edges (latitude) split each river's course into four stretches of equal demo-outfall density
  { west: 86.4, east: 86.9, rows: [43.825, 43.95, 44.1] },
  { west: 86.9, east: 87.045, rows: [43.825, 43.95, 44.075] },
  { west: 87.045, east: 87.315, rows: [43.8, 44.0, 44.2] },
  { west: 87.315, east: 87.9, rows: [43.8, 44.0, 44.2] },
];
const SOUTH = 43.0;
const NORTH = 45.3;

/** Division code per cell, [column][row] from the south-west. */
const CELLS: string[][] = [
  ['652301202', '652301006', '652301105', '652301108'], // 庙尔沟乡, 绿洲路街道, 三工镇, 二六工镇
  ['652301201', '652301005', '652301004', '652301104'], // 阿什里乡, 建国路街道, 中山路街道, 大西渠镇
  ['652301107', '652301003', '652301101', '652301103'], // 硫磺沟镇, 北京南路街道, 六工镇, 佃坝镇
  ['652301106', '652301002', '652301001', '652301102'], // 榆树沟镇, 延安北路街道, 宁边路街道, 滨湖镇
];

/** The demo boundaries as GeoJSON polygons, by division code. */
export function demoBoundaries(): {
  code: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}[] {
  return COLUMNS.flatMap((column, c) => {
    const edges = [SOUTH, ...column.rows, NORTH];
    return CELLS[c].map((code, r) => {
      const [south, north] = [edges[r], edges[r + 1]];
      return {
        code,
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [column.west, south],
              [column.east, south],
              [column.east, north],
              [column.west, north],
              [column.west, south],
            ],
          ],
        },
      };
    });
  });
}
