import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { AttentionState } from './attention-store.ts';

export function useAttention<T>(selector: (state: AttentionState) => T): T {
  return useStore(useConsoleStores().attention, selector);
}
