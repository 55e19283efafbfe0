import type { ChannelName } from '#shared/ipc/contract.ts';
import { reviewRefusal } from '#shared/session/review-refusals.ts';
import { useSession } from '../stores/use-stores.ts';

/**
 * While the console reviews cached data without a session, the sentence core would refuse this
 * channel with ("Sign in to Central Command to …"); null otherwise. Controls that need the server
 * show disabled with it instead of inviting a click that must fail.
 */
export function useReviewRefusal(channel: ChannelName): string | null {
  const reviewing = useSession((s) => s.snapshot?.state === 'reviewing');
  return reviewing ? reviewRefusal(channel) : null;
}
