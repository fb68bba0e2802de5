import { assertPublicTarget, isBlockedAddress, webhookUrlProblem } from './url-guard';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature';

describe('webhook targets (SSRF care)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isBlockedAddress(address)).toBe(true));

  it.each(['8.8.8.8', '114.114.114.114', '2400:3200::1'])('allows %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false),
  );

  it('accepts only http(s) URLs without credentials', () => {
    expect(webhookUrlProblem('https://example.gov.cn/hook')).toBeNull();
    expect(webhookUrlProblem('http://example.gov.cn:8080/hook?x=1')).toBeNull();
    expect(webhookUrlProblem('ftp://example.gov.cn/hook')).toBe('url must use http or https');
    expect(webhookUrlProblem('file:///etc/passwd')).toBe('url must use http or https');
    expect(webhookUrlProblem('https://user:pw@example.gov.cn/')).toBe('url must not carry credentials');
    expect(webhookUrlProblem('not a url')).toBe('url must be an absolute http(s) URL');
  });

  it('refuses literal private targets unless allowed', async () => {
    await expect(assertPublicTarget('http://127.0.0.1:9/x', false)).rejects.toThrow('not a public address');
    await expect(assertPublicTarget('http://[::1]/x', false)).rejects.toThrow('not a public address');
    await expect(assertPublicTarget('http://169.254.169.254/latest', false)).rejects.toThrow();
    await expect(assertPublicTarget('http://127.0.0.1:9/x', true)).resolves.toBeUndefined();
  });
});

describe('webhook signatures', () => {
  it('signs timestamp + "." + body and verifies in constant time within the tolerance', () => {
    const now = Date.UTC(2026, 0, 1);
    const ts = Math.floor(now / 1000);
    const header = signatureHeader('whsec_x', ts, '{"a":1}');
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_x', header, '{"a":1}', 300, now)).toBe(true);
    expect(verifyWebhookSignature('whsec_x', header, '{"a":2}', 300, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_y', header, '{"a":1}', 300, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', header, '{"a":1}', 300, now + 301_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', 'garbage', '{"a":1}', 300, now)).toBe(false);
  });
});
