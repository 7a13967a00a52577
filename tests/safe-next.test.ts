import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../lib/auth/safe-next';

describe('the login `next` parameter', () => {
  it('keeps paths on this site', () => {
    expect(safeNextPath('/chats?id=4#m')).toBe('/chats?id=4#m');
    expect(safeNextPath('/settings?tab=keys')).toBe('/settings?tab=keys');
  });

  it.each([
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['/\\/evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/%0d%0a'.replace('%0d%0a', '\r\n')],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    [''],
  ])('sends %j to the overview', (value) => {
    expect(safeNextPath(value)).toBe('/');
  });

  it('ignores what is not a string', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath(['/a', '/b'])).toBe('/');
  });
});
