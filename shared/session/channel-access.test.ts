import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../ipc/contract.ts';
import { CHANNEL_ACCESS, EVENT_ACCESS } from './channel-access.ts';
import { reviewRefusal } from './review-refusals.ts';

describe('the review state table', () => {
  it('reads the cache and guards the screen, and reaches nothing that needs Central Command', () => {
    expect(CHANNEL_NAMES.filter((channel) => CHANNEL_ACCESS[channel].reviewing)).toEqual([
      'app:info', 'session:get', 'session:signOut', 'session:activity', 'session:lock', 'session:unlock', 'settings:get',
      'profiles:list', 'profiles:switch', 'profiles:add', 'profiles:remove', 'ca:pinned',
      'update:get', 'fleet:overview', 'fleet:orgs', 'sync:status', 'site:open', 'site:close', 'attention:list',
      'incidents:query', 'incidents:facets', 'incidents:open', 'incidents:settings', 'incidents:histogram', 'incidents:views',
    ].sort((a, b) => CHANNEL_NAMES.indexOf(a as never) - CHANNEL_NAMES.indexOf(b as never)));
  });

  it('every read a review allows is a read a signed-in console allows', () => {
    for (const channel of CHANNEL_NAMES) if (CHANNEL_ACCESS[channel].reviewing && !CHANNEL_ACCESS[channel]['signed-in']) expect(['session:unlock']).toContain(channel);
  });

  it('lets the data events of what a review shows out, and no deep link', () => {
    expect(EVENT_NAMES.filter((event) => EVENT_ACCESS[event].reviewing).sort()).toEqual(
      ['data:changed', 'session:changed', 'session:idleWarning', 'site:changed', 'sync:changed', 'update:changed'].sort(),
    );
  });

  it('says what signing in would allow', () => {
    expect(reviewRefusal('sync:now')).toMatch(/^Sign in to Central Command to sync now\./);
    expect(reviewRefusal('site:refresh')).toMatch(/^Sign in to Central Command to refresh this site\./);
    expect(reviewRefusal('session:signIn')).toMatch(/^Sign in to Central Command to do this\./);
  });
});
