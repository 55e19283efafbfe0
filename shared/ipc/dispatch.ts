import { ConsoleError, isConsoleError } from '../errors.ts';
import { channels, isChannelName, type ChannelHandlers, type ChannelName, type IpcResult } from './contract.ts';

export interface DispatchOptions {
  /** Called with failures that are not ConsoleErrors (bugs), for the trusted side's log. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

/**
 * The trusted side's single entry point for a renderer request, shared by the Electron IPC adapter
 * and the web shell: unknown channel and invalid input are refused before any handler runs, and the
 * output is parsed against the contract so nothing undeclared ever leaves the trusted side.
 */
export function createDispatcher(handlers: ChannelHandlers, options: DispatchOptions = {}) {
  return async function dispatch(channel: unknown, rawInput: unknown): Promise<IpcResult> {
    if (!isChannelName(channel)) {
      return failure(new ConsoleError('invalid-input', 'The console asked for something it does not know.', { channel: String(channel).slice(0, 80) }));
    }
    const spec = channels[channel];
    const parsedInput = spec.input.safeParse(rawInput);
    if (!parsedInput.success) {
      const issue = parsedInput.error.issues[0];
      return failure(
        new ConsoleError('invalid-input', `Invalid input for ${channel}: ${issue ? `${issue.path.join('.') || '(input)'} ${issue.message}` : 'rejected'}`, { channel }),
      );
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsedInput.data);
      return { ok: true, value: spec.output.parse(value) };
    } catch (error) {
      if (isConsoleError(error)) return failure(error);
      options.onUnexpectedError?.(channel, error);
      return failure(new ConsoleError('internal', 'Something went wrong inside the console. The details are in its log.'));
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

function failure(error: ConsoleError): IpcResult {
  return { ok: false, error: error.toPayload() };
}

export type { ChannelName };
