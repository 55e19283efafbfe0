import { describe, expect, it } from 'vitest';
import { channels, CHANNEL_NAMES, type ChannelHandlers } from '../ipc/contract.ts';
import { createDispatcher } from '../ipc/dispatch.ts';
import { GOOD_IDS, HOSTILE_IDS } from './resource-id-cases.ts';
import { RESOURCE_ID_KINDS, resourceIdProblem, resourceIdSchema } from './resource-id.ts';

const SITE_ID_CHANNELS = ['site:open', 'site:close', 'site:refresh'] as const;

describe('resource ids at the contract', () => {
  it.each(HOSTILE_IDS)('refuses %j (%s) for every kind, with a message naming the kind', (id) => {
    for (const kind of RESOURCE_ID_KINDS) {
      const parsed = resourceIdSchema(kind).safeParse(id);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain(`${kind} id`);
    }
  });

  it.each(GOOD_IDS)('accepts %s', (id) => {
    expect(resourceIdProblem('appliance', id)).toBeNull();
    expect(resourceIdSchema('site').parse(id)).toBe(id);
  });

  it.each(HOSTILE_IDS)('the site channels refuse siteId %j (%s) before any handler runs', async (id) => {
    const called: string[] = [];
    const handlers = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, async () => void called.push(channel)])) as unknown as ChannelHandlers;
    const dispatch = createDispatcher(handlers);
    for (const channel of SITE_ID_CHANNELS) {
      expect(channels[channel].input.safeParse({ siteId: id }).success).toBe(false);
      const result = await dispatch(channel, { siteId: id });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/siteId .*site id/) } });
    }
    expect(called).toEqual([]);
  });

  it('lets a real site id through the site channels', () => {
    for (const channel of SITE_ID_CHANNELS) expect(channels[channel].input.parse({ siteId: GOOD_IDS[0] })).toEqual({ siteId: GOOD_IDS[0] });
  });
});
