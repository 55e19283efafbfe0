import { ConsoleError } from '../errors.ts';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Turns what a technician typed ("central.example.com/login", "HTTPS://Central.Example.com:443/")
 * into the canonical origin ("https://central.example.com") that names keychain entries and cache
 * files, so the same server is always the same identity. Throws ConsoleError('invalid-input').
 */
export function normalizeServerOrigin(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') {
    throw invalid('Enter the address of Central Command, for example https://central.example.com.');
  }
  const withScheme = HAS_SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`;

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    // The input is not echoed: it may hold a pasted password that broke the parse.
    throw invalid('That is not a valid server address. Use a form like https://central.example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`The server address must start with https:// (it starts with ${url.protocol}//).`);
  }
  if (url.username !== '' || url.password !== '') {
    // Never keep credentials that were pasted into the address, not even in the error message.
    throw invalid('Remove the user name and password from the server address; you sign in with them separately.');
  }
  if (url.hostname === '') {
    throw invalid('The server address has no host name. Use a form like https://central.example.com.');
  }
  // URL already lower-cases scheme and host and drops the scheme's default port.
  return `${url.protocol}//${url.host}`;
}

function invalid(message: string): ConsoleError {
  return new ConsoleError('invalid-input', message);
}
