import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { md5Hex } from './md5.js';

describe('md5Hex', () => {
  it('matches the reference digest', () => {
    for (const text of ['', 'a', 'abc', 'message digest', '12345:api_gateway', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200), 'héllo ✓']) {
      expect(md5Hex(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
    }
  });

  it('gives the original\'s MD5 test vectors', () => {
    expect(md5Hex('12345:api_gateway').slice(0, 8)).toBe('3d82ed22');
    expect(md5Hex('42:database').slice(0, 8)).toBe('9dedb351');
    expect(parseInt(md5Hex('12345:api_gateway:service_crash:1').slice(0, 8), 16) % 8).toBe(5);
    expect(parseInt(md5Hex('42:database:disk_full:1').slice(0, 8), 16) % 8).toBe(7);
    expect(parseInt(md5Hex('42:database:disk_full:2').slice(0, 8), 16) % 8).toBe(4);
  });
});
