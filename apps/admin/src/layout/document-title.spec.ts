import { describe, expect, it } from '@jest/globals';
import { titleKeyOf } from './document-title';

describe('document titles per route', () => {
  it('uses the longest matching route, on whole path segments', () => {
    expect(titleKeyOf('/')).toBe('menu.dashboard');
    expect(titleKeyOf('/outfalls')).toBe('menu.outfalls');
    expect(titleKeyOf('/outfalls/map')).toBe('menu.outfalls');
    expect(titleKeyOf('/monitoring/exceedances')).toBe('menu.monitoring');
    expect(titleKeyOf('/public/report/track')).toBe('publicReports.navTrack');
    expect(titleKeyOf('/public/report')).toBe('publicReports.navReport');
    expect(titleKeyOf('/login')).toBe('login.title');
    expect(titleKeyOf('/auditx')).toBeUndefined();
  });
});
