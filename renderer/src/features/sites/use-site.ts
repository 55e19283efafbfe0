import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { SiteState } from './site-store.ts';

export function useSite<T>(selector: (state: SiteState) => T): T {
  return useStore(useConsoleStores().site, selector);
}
