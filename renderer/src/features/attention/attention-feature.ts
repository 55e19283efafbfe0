import { defineStores } from '../../kit/store-registry.ts';
import { createAttentionStore } from './attention-store.ts';

/** The attention list: loaded when signed in and whenever a sync changed it. */
export const attentionFeature = defineStores({
  createStores: (client) => ({ attention: createAttentionStore(client) }),
  lifecycle: {
    attention: {
      signIn: (store) => void store.getState().load(),
      reloadOn: { kinds: ['attention'], reload: (store) => void store.getState().load() },
      signOut: (store) => store.getState().clear(),
    },
  },
});
