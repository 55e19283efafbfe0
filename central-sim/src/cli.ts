import { parseArgs } from 'node:util';
import { trustHint } from './certs.ts';
import { MAX_INCIDENTS, startSimulator } from './server.ts';
import { join } from 'node:path';
import { homedir } from 'node:os';

/** `node central-sim/src/cli.ts --seed 42 --sites 300 [--incidents N] [--incident-open-share 0.005] [--incident-tie-seconds N] [--hostile] [--port 8443] [--control-port 8444] [--data-dir DIR]` */
const USAGE = `usage: node central-sim/src/cli.ts [--seed N] [--sites N] [--incidents 0..${MAX_INCIDENTS}] [--incident-open-share 0..1] [--incident-tie-seconds N] [--hostile] [--port N] [--control-port N] [--data-dir DIR] [--no-heartbeat]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      sites: { type: 'string', default: '300' },
      incidents: { type: 'string' },
      'incident-open-share': { type: 'string' },
      'incident-tie-seconds': { type: 'string' },
      hostile: { type: 'boolean', default: false },
      port: { type: 'string', default: '8443' },
      'control-port': { type: 'string', default: '8444' },
      'data-dir': { type: 'string' },
      'no-heartbeat': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}\n${USAGE}`);
    return value;
  };
  const share = (name: string, text: string) => {
    const value = Number(text);
    if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new Error(`--${name} must be a share between 0 and 1 (0.005 is half a percent)\n${USAGE}`);
    return value;
  };
  const dataDir = values['data-dir'] ?? join(homedir(), '.central-sim');
  const sim = await startSimulator({
    seed: number('seed', values.seed, 0),
    sites: number('sites', values.sites, 0),
    ...(values.incidents === undefined ? {} : { incidents: number('incidents', values.incidents, 0) }),
    ...(values['incident-open-share'] === undefined ? {} : { incidentOpenShare: share('incident-open-share', values['incident-open-share']) }),
    ...(values['incident-tie-seconds'] === undefined ? {} : { incidentTieSeconds: number('incident-tie-seconds', values['incident-tie-seconds'], 0) }),
    hostile: values.hostile,
    port: number('port', values.port, 0),
    controlPort: number('control-port', values['control-port'], 0),
    dataDir,
    ...(values['no-heartbeat'] ? {} : { heartbeatSeconds: 60 }),
  });
  const lines = [
    `Central Command simulator listening on ${sim.url}`,
    `  ${sim.siteCount} sites, ${sim.applianceCount} appliances, ${sim.incidentCount} incidents (seed ${values.seed})${values.hostile ? ', HOSTILE content' : ''}`,
    '',
    trustHint(sim),
    '',
    'Demo users (username or email + password):',
    ...sim.users.map((user) => {
      const scope = user.orgScope === null ? null : `only ${user.orgScope.length} client orgs: ${user.orgScope.map((id) => sim.orgNames[id] ?? id).join('; ')}`;
      const notes = [user.role, user.totp ? 'TOTP' : null, user.disabled ? 'disabled account' : null, scope].filter(Boolean).join(', ');
      return `  ${user.username.padEnd(6)} ${user.email.padEnd(28)} ${user.password.padEnd(18)} ${notes}`;
    }),
    ...sim.users.filter((user) => user.totp).flatMap((user) => [
      '',
      `TOTP for ${user.username}: current code with  curl ${sim.controlUrl}/control/totp/${user.username}`,
      `  authenticator app: otpauth://totp/Central%20Sim:${encodeURIComponent(user.email)}?secret=${user.totpSecret}&issuer=Central%20Sim`,
      `  backup codes (single use): ${user.backupCodes.join(' ')}`,
    ]),
    '',
    `Test-control API (not part of Central Command): ${sim.controlUrl}/control/state`,
    'Stop with Ctrl+C.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping simulator`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
