import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedPermission, isExternalLink, withCsp } from './security.js';

describe('CSP', () => {
  it('is strict: only our own scripts, no plugins, no base or framing', () => {
    const directives = CONTENT_SECURITY_POLICY.split('; ');
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(directives).toContain(d);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('replaces any CSP of a file: response and leaves other responses alone', () => {
    const headers = withCsp('file:///app/dist/renderer/index.html', { 'content-security-policy': ['*'], 'X-A': ['1'] });
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const other = { 'X-A': ['1'] };
    expect(withCsp('https://example.com/', other)).toBe(other);
  });
});

describe('isExternalLink', () => {
  it('allows only http and https', () => {
    expect(isExternalLink('https://www.zte.com.cn/')).toBe(true);
    expect(isExternalLink('http://example.com/a?b=c')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'www.zte.com.cn',
      '',
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('grants writing to the clipboard and nothing else', () => {
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      expect(isAllowedPermission(p), p).toBe(false);
    }
  });
});
