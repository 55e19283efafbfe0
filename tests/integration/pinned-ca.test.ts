import { X509Certificate } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { createDevPki } from '#sim/src/certs.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// The pinned CA end to end: the console service and its contract against the simulator over real
// HTTPS, with the real Secret Service, real files, and a CA file replaced after sign-in.
const simulator = useSimulator({ seed: 11, sites: 20 });
const consoles = useConsoles();

async function signedInWithCopyOfSimCa() {
  const chosen = path.join(consoles.dataDir, 'chosen-ca.pem');
  await copyFile(simulator.sim.caFile, chosen);
  const service = await consoles.launch();
  await service.start();
  const finished = syncFinished(service);
  const snapshot = await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: chosen, username: 'admin', password: passwordOf(simulator.sim, 'admin') });
  expect(snapshot.state).toBe('signed-in');
  await finished;
  return { service, chosen, dispatch: createDispatcher(service.handlers) };
}

describe('pinned CA against the simulator', () => {
  it('a CA file replaced after sign-in changes nothing: unlock and relaunch still reach Central Command', async () => {
    const { service, chosen } = await signedInWithCopyOfSimCa();
    await writeFile(chosen, (await createDevPki('Impostor')).caCertPem);
    await service.handlers['session:lock'](undefined);
    expect(await service.handlers['session:unlock']({ password: passwordOf(simulator.sim, 'admin') })).toMatchObject({ state: 'signed-in', connectivity: 'online' });

    const relaunched = await consoles.launch();
    await relaunched.start();
    expect(await relaunched.handlers['session:unlock']({ password: passwordOf(simulator.sim, 'admin') })).toMatchObject({ state: 'signed-in', connectivity: 'online' });
  });

  it('Settings get the pinned CA’s fingerprint through the contract; replacing it is refused unless signed in', async () => {
    const { dispatch } = await signedInWithCopyOfSimCa();
    const fingerprint = new X509Certificate(await readFile(simulator.sim.caFile, 'utf8')).fingerprint256;
    expect(await dispatch('ca:pinned', undefined)).toMatchObject({ ok: true, value: { pinned: { fingerprints: [fingerprint] } } });

    const bundle = path.join(consoles.dataDir, 'bundle.pem');
    await writeFile(bundle, `${(await createDevPki('Second')).caCertPem}\n${await readFile(simulator.sim.caFile, 'utf8')}`);
    await dispatch('session:lock', undefined);
    // Behind the lock the channel table refuses both before their handlers run.
    expect(await dispatch('ca:replace', { caFilePath: bundle })).toMatchObject({ ok: false, error: { code: 'locked', details: { refusedChannel: 'ca:replace' } } });
    expect(await dispatch('ca:pinned', undefined)).toMatchObject({ ok: false, error: { code: 'locked' } });

    await dispatch('session:unlock', { password: passwordOf(simulator.sim, 'admin') });
    const replaced = await dispatch('ca:replace', { caFilePath: bundle });
    expect(replaced).toMatchObject({ ok: true, value: { pinned: { fingerprints: [expect.any(String), fingerprint] } } });
    expect(await dispatch('ca:replace', { caFilePath: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
