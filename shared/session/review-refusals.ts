import type { ChannelName } from '../ipc/contract.ts';

/**
 * What a channel refused while reviewing would have done, said as the end of "Sign in to Central
 * Command to …". Core's channel gate answers with it and the renderer shows the same sentence
 * beside the disabled control, so the technician reads one explanation in both places.
 */
const REVIEW_PURPOSES: Partial<Record<ChannelName, string>> = {
  'sync:now': 'sync now',
  'site:refresh': 'refresh this site',
  'settings:set': 'change settings',
  'ca:replace': 'replace the pinned CA certificate',
  'incidents:setSettings': 'change how long incidents are kept',
  'incidents:saveView': 'save or change a view',
  'incidents:deleteView': 'delete a saved view',
  'update:check': 'check for updates',
  'update:restart': 'restart into the update',
};

/** The sentence for a channel the review state refuses; a channel without its own purpose gets a general one. */
export function reviewRefusal(channel: ChannelName): string {
  return `Sign in to Central Command to ${REVIEW_PURPOSES[channel] ?? 'do this'}. The console is showing the data cached on this computer.`;
}
