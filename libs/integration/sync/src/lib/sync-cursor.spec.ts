import { DomainException } from '@outfall/common';
import { decodeCursor, encodeCursor, MAX_SEQ, START_CURSOR } from './sync-cursor';

describe('sync cursor', () => {
  it('round-trips a position, with 64-bit values intact', () => {
    const cursor = { epoch: '0123456789ab', xid: '18446744073709551615', seq: MAX_SEQ };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const small = { epoch: 'abcdefabcdef', xid: '742', seq: '9' };
    expect(decodeCursor(encodeCursor(small))).toEqual(small);
  });

  it('reads an absent, empty or zero cursor as the start', () => {
    expect(decodeCursor(undefined)).toEqual(START_CURSOR);
    expect(decodeCursor('')).toEqual(START_CURSOR);
    expect(decodeCursor('0')).toEqual(START_CURSOR);
  });

  it.each([
    'not a cursor',
    'abc',
    Buffer.from('v2.0123456789ab.1.1').toString('base64url'),
    Buffer.from('v1.0123456789ab.-1.1').toString('base64url'),
    Buffer.from('v1.0123456789ab.01.1').toString('base64url'),
    Buffer.from('v1.0123456789ab.1').toString('base64url'),
    Buffer.from('v1.0123.1.1').toString('base64url'),
    Buffer.from('v1.0123456789ab.18446744073709551616.1').toString('base64url'),
    Buffer.from('v1.0123456789ab.1.9223372036854775808').toString('base64url'),
  ])('refuses %s with a message on since', (since) => {
    try {
      decodeCursor(since);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).details[0].field).toBe('since');
    }
  });
});
