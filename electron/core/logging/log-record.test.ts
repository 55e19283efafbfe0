import { describe, expect, it } from 'vitest';
import { scrubText, toLogRecord } from './log-record.ts';

const at = new Date('2026-12-01T10:00:00.000Z');

describe('toLogRecord', () => {
  it('keeps a sentence and allow-listed scalar fields', () => {
    expect(toLogRecord('warn', 'Central Command request failed', { method: 'get', endpoint: '/api/sites', code: 'server-error', status: 503 }, at)).toEqual({
      time: '2026-12-01T10:00:00.000Z',
      level: 'warn',
      message: 'Central Command request failed',
      method: 'GET',
      endpoint: '/api/sites',
      code: 'server-error',
      status: 503,
    });
  });

  it('drops fields outside the allow-list and every non-scalar value, naming only the field', () => {
    const record = toLogRecord(
      'error',
      'sync failed',
      { body: '{"clinic_name":"Sunrise Dental"}', token: 'abc', status: { nested: 1 }, changed: 'yes', error: new Error('Sunrise Dental'), code: ['x'] },
      at,
    );
    expect(record).toEqual({ time: at.toISOString(), level: 'error', message: 'sync failed', droppedFields: ['body', 'token', 'status', 'changed', 'error', 'code'] });
  });

  it('never writes a query string or fragment of an endpoint or URL', () => {
    const record = toLogRecord('warn', 'x', { endpoint: '/ws/events?token=s3cr3tT0kenValue', url: 'app://console/index.html#secretFragment' }, at);
    expect(record.endpoint).toBe('/ws/events');
    expect(record.url).toBe('app://console/index.html');
  });

  it('refuses an identifier that looks like a secret', () => {
    expect(toLogRecord('info', 'x', { code: 'a'.repeat(20) + '0123456789abcdef' }, at).droppedFields).toEqual(['code']);
    expect(toLogRecord('info', 'x', { profileId: '0b4c9f0e-5a7d-4f43-9d1e-2f6c1b9a7e55' }, at).profileId).toBe('0b4c9f0e-5a7d-4f43-9d1e-2f6c1b9a7e55');
  });
});

describe('scrubText', () => {
  const token = 'q9Zr4kLmN0pXw2Vb7sT1uYc8dEfGhJ3aKo5iHn6MlBw';
  const keyHex = '9f'.repeat(32);

  it.each([
    ['a Bearer header', `request had Authorization: Bearer ${token}`, token],
    ['a token query parameter', `failed GET wss://cc.example.com/ws/events?token=${token}`, token],
    ['a password pair', 'login failed password=Hunter2!Secret', 'Hunter2!Secret'],
    ['a hex key', `opening with key x'${keyHex}' failed`, keyHex],
    ['a bare hex key', `share ${keyHex} was refused`, keyHex],
    ['a bare token', `session ${token} ended`, token],
    ['quoted input a parser echoes', 'Unexpected token \'S\', "Sunrise Dental" is not valid JSON', 'Sunrise Dental'],
    ['a 422 echo in double quotes', 'Central Command rejected the request (body.name: value "Dr. Alvarez Clinic" is not allowed)', 'Alvarez'],
  ])('removes %s', (_name, text, secret) => {
    expect(scrubText(text)).not.toContain(secret);
  });

  it('keeps ordinary sentences, apostrophes and ids as they are', () => {
    expect(scrubText("The console's cache is damaged (integrity check: page 7)")).toBe("The console's cache is damaged (integrity check: page 7)");
    expect(scrubText('site-0042 refreshed in 3 requests')).toBe('site-0042 refreshed in 3 requests');
  });

  it('cuts long text short', () => {
    const scrubbed = scrubText('word '.repeat(500));
    expect(scrubbed.length).toBe(200);
    expect(scrubbed.endsWith('…')).toBe(true);
  });
});
