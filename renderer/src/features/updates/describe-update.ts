import type { UpdateState } from '#shared/update/index.ts';

/** One sentence for where the update stands, as the Settings dialog shows it. */
export function describeUpdate(state: UpdateState): string {
  const offered = state.update?.version ?? null;
  switch (state.phase) {
    case 'unsupported':
      return state.message ?? 'Updates are managed by the installed app.';
    case 'idle':
      return 'Updates are checked in the background.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'This is the latest version.';
    case 'available':
    case 'downloading':
      return offered ? `Downloading version ${offered} (verified).` : 'Downloading an update.';
    case 'ready':
      return offered ? `Version ${offered} is ready: restart the console to install it.` : 'An update is ready.';
    case 'error':
      return state.message ?? 'The last update check failed.';
  }
}
