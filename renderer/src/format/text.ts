/** A server key as words: "offline_appliance" reads "offline appliance". The key is shown as sent otherwise. */
export function humanizeKey(key: string): string {
  return key.replaceAll('_', ' ');
}
