/**
 * One store from several owners of its operations (a kind-independent store, each feature's own
 * tables): each named operation is the bound method of the first owner that has it.
 */
export function joinOwners<Operations extends object>(names: readonly (keyof Operations & string)[], owners: ReadonlyArray<object>): Operations {
  const joined: Record<string, unknown> = {};
  for (const name of names) {
    const owner = owners.find((candidate) => typeof (candidate as Record<string, unknown>)[name] === 'function') as Record<string, (...args: unknown[]) => unknown> | undefined;
    if (owner) joined[name] = owner[name]!.bind(owner);
  }
  return joined as Operations;
}
