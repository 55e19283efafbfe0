import type { FleetSite } from '#shared/fleet/index.ts';
import { ok, type Script } from './fake-bridge.ts';
import { appInfo, overview, signedIn, syncStatus } from './fixtures.ts';

/** What a console signed in to a fleet of `sites` asks for at once; each test adds what it is about. */
export function signedInScript(sites: FleetSite[]): Script {
  return {
    'app:info': ok(appInfo()),
    'session:get': ok(signedIn()),
    'fleet:overview': ok(overview(sites)),
    'sync:status': ok(syncStatus()),
  };
}
