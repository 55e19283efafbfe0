import { describe, expect, it } from 'vitest';
import { compareVersions, isReleaseVersion } from './semver.ts';

describe('compareVersions', () => {
  it('orders versions by semantic-versioning precedence', () => {
    const ordered = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let index = 1; index < ordered.length; index += 1) {
      expect(compareVersions(ordered[index - 1]!, ordered[index]!), `${ordered[index - 1]} < ${ordered[index]}`).toBe(-1);
      expect(compareVersions(ordered[index]!, ordered[index - 1]!)).toBe(1);
    }
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
  });

  it('refuses what is not a release version', () => {
    for (const bad of ['1.4', '01.4.0', '1.4.0+build.7', 'v1.4.0', '1.4.0-', '']) expect(isReleaseVersion(bad), bad).toBe(false);
    expect(() => compareVersions('1.4', '1.4.0')).toThrow(/not a release version/);
  });
});
