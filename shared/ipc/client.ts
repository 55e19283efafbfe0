import { ConsoleError } from '../errors.ts';
import {
  channels,
  events,
  IpcResultSchema,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type EventName,
  type EventPayload,
} from './contract.ts';
import type { ConsoleBridge } from './bridge.ts';

type InputArgs<C extends ChannelName> = undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/**
 * The renderer's typed view of the bridge. Results and event payloads are validated here too:
 * the renderer trusts the contract, not the transport.
 */
export function createContractClient(bridge: ConsoleBridge) {
  async function call<C extends ChannelName>(channel: C, ...args: InputArgs<C>): Promise<ChannelOutput<C>> {
    const raw = await bridge.invoke(channel, args[0]);
    const envelope = IpcResultSchema.safeParse(raw);
    if (!envelope.success) throw new ConsoleError('internal', `The console's answer to ${channel} was malformed.`);
    if (!envelope.data.ok) throw ConsoleError.fromPayload(envelope.data.error);
    return channels[channel].output.parse(envelope.data.value) as ChannelOutput<C>;
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return bridge.on(event, (payload) => {
      const parsed = events[event].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
    });
  }

  return { call, on };
}

export type ContractClient = ReturnType<typeof createContractClient>;
