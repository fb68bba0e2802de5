import type { Browser, Page } from 'playwright-core';
import { choose, tableRows } from './support/antd';
import { api } from './support/api';
import { browserTest, launch, menu, screenshot, signIn, url } from './support/browser';

const MAP = '[data-testid=outfall-map]';

/** Waits until the map has its points for the current filter and `layers` (data-layers) are loaded. */
async function mapReady(page: Page, layers: string[] = ['outfalls']): Promise<void> {
  await page.waitForFunction(
    ({ selector, wanted }) => {
      const element = document.querySelector(selector);
      const loaded = (element?.getAttribute('data-layers') ?? '').split(',');
      return (
        element?.getAttribute('data-ready') === 'true' && wanted.every((layer) => loaded.includes(layer))
      );
    },
    { selector: MAP, wanted: layers },
    { timeout: 30_000 },
  );
}

/** Facts read from the OpenLayers map behind the element (the outfall layer is the one with z-index 10). */
async function mapFacts(page: Page) {
  return page.evaluate((selector) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const map = (document.querySelector(selector) as any).olMap;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const layers = map.getAllLayers() as any[];
    const outfalls = layers.find((layer) => layer.getZIndex() === 10);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const points = outfalls.getSource().getSource().getFeatures() as any[];
    return {
      points: points.length,
      categories: [...new Set(points.map((feature) => feature.get('category') as string))],
      visible: layers.filter((layer) => layer.getVisible()).map((layer) => layer.getZIndex() as number),
      canvases: document.querySelectorAll(`${selector} canvas`).length,
    };
  }, MAP);
}

describe('outfall map (OpenLayers)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser.close());
  const test = (name: string, body: (page: Page) => Promise<void>) => browserTest(() => browser, name, body);

  test('draws the outfalls clustered on canvas over the reference layers; layers toggle and colours switch', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls/map'));
    await mapReady(page, ['outfalls', 'waters', 'protectedAreas', 'keyBuffer', 'townships', 'functionZones']);
    const geojson = await api<{ features: unknown[] }>('admin', 'GET', '/outfalls/geojson?limit=100000');
    const facts = await mapFacts(page);
    expect(facts.canvases).toBeGreaterThan(0);
    expect(facts.points).toBe(geojson.features.length);
    expect(await page.getByTestId('map-count').innerText()).toBe(`共 ${geojson.features.length} 个排污口`);
    // no basemap configured: vector layers only (works offline)
    await page.getByTestId('map-no-basemap').waitFor();
    // reference layers (z 2–7) and the outfalls (z 10) are on; the department lists (z 7) are off
    expect(facts.visible).toEqual(expect.arrayContaining([2, 3, 4, 5, 6, 10]));
    expect(facts.visible).not.toContain(7);

    // the layer switcher: waters off and on, department lists on (loaded on demand)
    await page.getByTestId('map-layer-waters').click();
    await page.waitForFunction(
      (selector) =>
        !document.querySelector(selector)?.getAttribute('data-layers')?.split(',').includes('waters'),
      MAP,
    );
    expect((await mapFacts(page)).visible).not.toContain(6);
    await page.getByTestId('map-layer-waters').click();
    await page.getByTestId('map-layer-sources').click();
    await mapReady(page, ['outfalls', 'waters', 'sources']);
    expect((await mapFacts(page)).visible).toEqual(expect.arrayContaining([6, 7]));

    // colour modes: stage (default), overdue, exceedance; the legend follows
    const legend = page.getByTestId('map-colour-legend');
    await legend.getByText('登记').first().waitFor();
    await page.getByTestId('map-colour-mode').getByText('逾期', { exact: true }).click();
    await page.locator(`${MAP}[data-mode=overdue]`).waitFor();
    await legend.getByText('未逾期').waitFor();
    await page.getByTestId('map-colour-mode').getByText('超标', { exact: true }).click();
    await legend.getByText('最近一次监测超标').waitFor();
    await page.getByTestId('map-colour-mode').getByText('阶段', { exact: true }).click();
    await page.locator(`${MAP}[data-mode=stage]`).waitFor();
    await screenshot(page, 'map-outfalls-admin');
  });

  test('a click on an outfall opens its card', async (page) => {
    await signIn(page, 'admin');
    await page.goto(url('/outfalls/map'));
    await mapReady(page);
    // zoom onto one outfall so that it stands alone, then find it on screen
    const target = await page.evaluate(async (selector) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const map = (document.querySelector(selector) as any).olMap;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const outfalls = (map.getAllLayers() as any[]).find((layer) => layer.getZIndex() === 10);
      const [first] = outfalls.getSource().getSource().getFeatures();
      const coordinate = first.getGeometry().getCoordinates();
      map.getView().setCenter(coordinate);
      map.getView().setZoom(18);
      await new Promise((resolve) => map.once('rendercomplete', resolve));
      const pixel = map.getPixelFromCoordinate(coordinate);
      const [cluster] = map.getFeaturesAtPixel(pixel, {
        layerFilter: (l: unknown) => l === outfalls,
        hitTolerance: 4,
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const ids = ((cluster?.get('features') ?? []) as any[]).map((member) => member.get('id') as string);
      return { pixel: pixel as [number, number], ids };
    }, MAP);
    expect(target.ids.length).toBeGreaterThan(0);
    const box = await page.locator(MAP).boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.mouse.click(box.x + target.pixel[0], box.y + target.pixel[1]);
    await page.waitForURL(/[?&]outfall=/);
    const opened = new URL(page.url()).searchParams.get('outfall');
    expect(target.ids).toContain(opened);
    await page.getByTestId('outfall-drawer').waitFor();
  });

  test('a filter set on the list carries to the map through the URL', async (page) => {
    await signIn(page, 'admin');
    await menu(page).getByText('排污口名录').click();
    await tableRows(page, 'outfalls-table').first().waitFor();
    await choose(page, page.getByTestId('outfalls-category').getByRole('combobox'), '工业排污口');
    await page.waitForURL(/category=industrial/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=outfalls-table] tr.ant-table-row')].every((tr) =>
        (tr as HTMLTableRowElement).cells[2]?.innerText.startsWith('工业排污口'),
      ),
    );
    const total = Number(/\d+/.exec(await page.locator('.ant-pagination-total-text').innerText())?.[0]);
    expect(total).toBeGreaterThan(0);

    await page.getByTestId('directory-tabs').getByText('地图').click();
    await page.waitForURL(/\/outfalls\/map\?.*category=industrial/);
    await mapReady(page);
    expect(await page.getByTestId('map-count').innerText()).toBe(`共 ${total} 个排污口`);
    const facts = await mapFacts(page);
    expect(facts.points).toBe(total);
    expect(facts.categories).toEqual(['industrial']);

    // and back: the list keeps the filter the map had
    await page.getByTestId('directory-tabs').getByText('列表').click();
    await page.waitForURL(/\/outfalls\?.*category=industrial/);
  });
});
