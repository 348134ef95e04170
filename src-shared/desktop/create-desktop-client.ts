import type { IpcInvoke } from '../contract/create-ipc-client.ts';
import { ContractCallError, type IpcAnswer } from '../contract/error-shape.ts';
import {
  desktopIpcChannel,
  desktopOperationNames,
  type DesktopInput,
  type DesktopOperationName,
  type DesktopOutput,
} from './desktop-operations.ts';

/** The renderer's typed client of the desktop operations: `client['endpoint.copy']({ protocol: 'openai' })`. */
export type DesktopClient = {
  [Name in DesktopOperationName]: (input: DesktopInput<Name>) => Promise<DesktopOutput<Name>>;
};

/**
 * Over the preload bridge's `invoke`; a refusal or failure rejects with the same
 * `ContractCallError` (status, code, message) the admin contract's client throws.
 */
export function createDesktopClient(invoke: IpcInvoke): DesktopClient {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of desktopOperationNames) {
    client[name] = async (input) => {
      const answer = (await invoke(desktopIpcChannel(name), input ?? {})) as IpcAnswer<unknown>;
      if (!answer.ok) throw new ContractCallError(answer.error);
      return answer.value;
    };
  }
  return client as DesktopClient;
}
