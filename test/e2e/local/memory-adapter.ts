/**
 * oidc-provider storage for one test deployment: a Map per provider (the library's own quick-start
 * adapter is one store shared by every provider in the process, and it warns on every start).
 * Expiry is not enforced: a deployment lives for one test file.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

export function memoryAdapterFactory(): (model: string) => Adapter {
  const store = new Map<string, AdapterPayload>();
  const index = new Map<string, string>();
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload) {
        store.set(key(id), payload);
        if (payload.uid) index.set(`${model}:uid:${payload.uid}`, id);
        if (payload.userCode) index.set(`${model}:userCode:${payload.userCode}`, id);
        if (payload.grantId) index.set(`grant:${payload.grantId}:${key(id)}`, key(id));
      },
      async find(id) {
        return store.get(key(id));
      },
      async findByUid(uid) {
        const id = index.get(`${model}:uid:${uid}`);
        return id === undefined ? undefined : store.get(key(id));
      },
      async findByUserCode(userCode) {
        const id = index.get(`${model}:userCode:${userCode}`);
        return id === undefined ? undefined : store.get(key(id));
      },
      async consume(id) {
        const payload = store.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, stored] of index) {
          if (k.startsWith(`grant:${grantId}:`)) {
            store.delete(stored);
            index.delete(k);
          }
        }
      },
    };
  };
}
