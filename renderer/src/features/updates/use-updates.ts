import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { UpdatesState } from './update-store.ts';

export function useUpdates<T>(selector: (state: UpdatesState) => T): T {
  return useStore(useConsoleStores().updates, selector);
}
