import { describe, expect, it } from 'vitest';
import {
  bearerFromProtocols,
  checkRequest,
  isAllowedOrigin,
  isLoopbackAddress,
  isLoopbackHostHeader,
  tokenMatches,
  type SecurityPolicy,
} from '../../src/server/security.js';

const policy: SecurityPolicy = {
  loopback: true,
  port: 8889,
  token: 's3cret',
  allowOrigins: ['https://dash.example'],
};

describe('security', () => {
  describe('bind address', () => {
    it('treats localhost, ::1 and 127.0.0.0/8 as loopback', () => {
      for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'])
        expect(isLoopbackAddress(h)).toBe(true);
      for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.com'])
        expect(isLoopbackAddress(h)).toBe(false);
    });
  });

  describe('host header', () => {
    it('accepts loopback names with or without a port', () => {
      for (const h of [
        'localhost',
        'localhost:8889',
        '127.0.0.1',
        '127.0.0.1:1',
        '[::1]',
        '[::1]:8889',
        'LOCALHOST',
      ])
        expect(isLoopbackHostHeader(h), h).toBe(true);
    });
    it('refuses other names (DNS rebinding)', () => {
      for (const h of [
        undefined,
        '',
        'evil.com',
        'evil.com:8889',
        'localhost.evil.com',
        '127.0.0.1.nip.io',
        '::1',
        'localhost:x',
      ])
        expect(isLoopbackHostHeader(h), String(h)).toBe(false);
    });
  });

  describe('origin', () => {
    it('allows absent, own and listed origins', () => {
      for (const o of [
        undefined,
        'http://localhost:8889',
        'http://127.0.0.1:8889',
        'http://[::1]:8889',
        'https://dash.example/',
      ])
        expect(isAllowedOrigin(o, 'localhost:8889', policy), String(o)).toBe(true);
    });
    it('refuses foreign origins and other ports', () => {
      for (const o of ['http://evil.com', 'http://localhost:9999', 'https://localhost:8889', 'null'])
        expect(isAllowedOrigin(o, 'localhost:8889', policy), o).toBe(false);
    });
    it('allows the origin matching Host on a non-loopback bind', () => {
      const open = { ...policy, loopback: false };
      expect(isAllowedOrigin('http://10.0.0.5:8889', '10.0.0.5:8889', open)).toBe(true);
      expect(isAllowedOrigin('http://10.0.0.5:8889', '10.0.0.5:8889', policy)).toBe(false);
    });
  });

  describe('token', () => {
    it('compares tokens of any length', () => {
      expect(tokenMatches('s3cret', 's3cret')).toBe(true);
      expect(tokenMatches('s3cre', 's3cret')).toBe(false);
      expect(tokenMatches('s3cretX', 's3cret')).toBe(false);
      expect(tokenMatches(undefined, 's3cret')).toBe(false);
    });
    it('reads a bearer subprotocol only next to magneto.v1', () => {
      expect(bearerFromProtocols(['magneto.v1', 'bearer.t'])).toBe('t');
      expect(bearerFromProtocols(['bearer.t'])).toBeUndefined();
    });
  });

  describe('order of checks', () => {
    const facts = { checkOrigin: true, needsToken: true, websocket: false };
    it('answers 403 for a foreign host before 401 for a missing token', () => {
      expect(checkRequest({ ...facts, headers: { host: 'evil.com' } }, policy)?.status).toBe(403);
      expect(
        checkRequest({ ...facts, headers: { host: 'localhost', origin: 'http://evil.com' } }, policy)?.status,
      ).toBe(403);
      expect(checkRequest({ ...facts, headers: { host: 'localhost' } }, policy)?.status).toBe(401);
      expect(
        checkRequest({ ...facts, headers: { host: 'localhost', authorization: 'Bearer s3cret' } }, policy),
      ).toBeUndefined();
    });
    it('ignores the subprotocol token on REST', () => {
      const headers = { host: 'localhost', 'sec-websocket-protocol': 'magneto.v1, bearer.s3cret' };
      expect(checkRequest({ ...facts, headers }, policy)?.status).toBe(401);
      expect(checkRequest({ ...facts, websocket: true, headers }, policy)).toBeUndefined();
    });
  });
});
