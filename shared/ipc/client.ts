import { ConsoleError, readErrorPayload } from '../errors.ts';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract.ts';
import type { ConsoleBridge } from './bridge.ts';

type InputArgs<C extends ChannelName> = undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/**
 * The renderer's typed view of the bridge. It does not parse answers and events against the
 * contract's schemas again: the trusted side already did, strictly, before anything left it
 * (`shared/ipc/dispatch.ts` for answers, the shells' event exits for events), and a trusted side
 * that lied could do worse than send a wrong shape. Importing no schema keeps zod out of the
 * renderer's initial bundle (docs/ARCHITECTURE.md, "The renderer's bundle"). What it does check is
 * the envelope, so a broken transport is an error the technician can read, not a crash.
 */
export function createContractClient(bridge: ConsoleBridge) {
  async function call<C extends ChannelName>(channel: C, ...args: InputArgs<C>): Promise<ChannelOutput<C>> {
    const raw: unknown = await bridge.invoke(channel, args[0]);
    const envelope = typeof raw === 'object' && raw !== null ? (raw as { ok?: unknown; value?: unknown; error?: unknown }) : null;
    if (envelope?.ok === true && 'value' in envelope) return envelope.value as ChannelOutput<C>;
    const error = envelope?.ok === false ? readErrorPayload(envelope.error) : null;
    if (error) throw ConsoleError.fromPayload(error);
    throw new ConsoleError('internal', `The console's answer to ${channel} was malformed.`);
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return bridge.on(event, (payload) => listener(payload as EventPayload<E>));
  }

  return { call, on };
}

export type ContractClient = ReturnType<typeof createContractClient>;
