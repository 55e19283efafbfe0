// The Provider base class comes from its own file, not the package index (whose `autoUpdater`
// getter loads `electron`): this module must load in plain Node, and a test checks that it does.
import { Provider, type ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import type { ResolvedUpdateFileInfo, UpdateInfo } from 'electron-updater';
import { isConsoleError } from '#shared/errors.ts';
import { manifestFileName, signatureFileName, type UpdateChannel, type UpdateManifest, type UpdatePlatform } from '#shared/update/manifest.ts';
import { DIRECT, type ProxyResolver, type ProxyRoute } from '#core/api/proxy.ts';
import { classifyNetworkFailure } from '#core/api/network-failure.ts';
import { assertTransportAllowed, createTransport } from '#core/api/transport.ts';
import type { UpdateVerifier } from '#core/update/update-verifier.ts';

/** What `setFeedURL({ provider: 'custom', updateProvider: SignedManifestProvider, … })` is given. */
export interface SignedFeedOptions {
  provider: 'custom';
  /** The https:// folder that holds <channel>-<platform>.json, its .sig and the release files. */
  feedUrl: string;
  channel: UpdateChannel;
  verifier: UpdateVerifier;
  /** Tests trust their own CA; the product trusts the system's. */
  caPem?: string | null;
  timeoutMs?: number;
  /**
   * The route to the feed, asked at every check (the computer may have moved to another network):
   * the same resolver as Central Command's traffic. Direct when absent.
   */
  resolveProxy?: ProxyResolver;
}

const MAX_MANIFEST_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * electron-updater asks this provider for the latest version; it answers only with a manifest the
 * core verifier accepted (signature, channel, platform, version, expiry, replay, no downgrade), so
 * nothing electron-updater downloads or compares comes from unverified data.
 */
export class SignedManifestProvider extends Provider<UpdateInfo> {
  private readonly options: SignedFeedOptions;
  private readonly platform: UpdatePlatform;

  constructor(options: SignedFeedOptions, _updater: unknown, runtimeOptions: ProviderRuntimeOptions) {
    super(runtimeOptions);
    this.options = options;
    this.platform = runtimeOptions.platform;
  }

  async getLatestVersion(): Promise<UpdateInfo> {
    const base = this.feedBase();
    const manifestName = manifestFileName(this.options.channel, this.platform);
    const proxy = await this.routeTo(base);
    const transport = createTransport({ caPem: this.options.caPem ?? null, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, proxy });
    try {
      const manifestBytes = await this.fetchFeedFile(transport.fetch, new URL(manifestName, base));
      const signature = await this.fetchFeedFile(transport.fetch, new URL(signatureFileName(manifestName), base));
      const verified = await this.options.verifier.acceptManifest(manifestBytes, new TextDecoder().decode(signature));
      return toUpdateInfo(verified.manifest);
    } finally {
      await transport.close();
    }
  }

  resolveFiles(updateInfo: UpdateInfo): ResolvedUpdateFileInfo[] {
    const accepted = this.options.verifier.accepted();
    if (!accepted || accepted.manifest.version !== updateInfo.version) {
      this.options.verifier.refuse('bad-signature', `Update refused: ${updateInfo.version} is not the version of the verified manifest.`);
    }
    const base = this.feedBase();
    // Only the verified manifest's entries, each a file name beside it on the same https feed.
    return accepted.manifest.files.map((file) => ({ url: new URL(encodeURIComponent(file.url), base), info: { url: file.url, sha512: file.sha512, size: file.size } }));
  }

  private feedBase(): URL {
    const url = this.options.feedUrl;
    try {
      assertTransportAllowed(url, false);
    } catch (error) {
      if (!isConsoleError(error)) throw error;
      this.options.verifier.refuse('insecure-feed', `Update refused: the update feed ${url} is not https://; updates are only fetched over TLS.`);
    }
    return new URL(url.endsWith('/') ? url : `${url}/`);
  }

  private async routeTo(base: URL): Promise<ProxyRoute> {
    if (!this.options.resolveProxy) return DIRECT;
    try {
      return await this.options.resolveProxy(base.href);
    } catch (error) {
      // A proxy the console cannot use (SOCKS4, QUIC) is said in core's own sentence.
      this.options.verifier.refuse('feed-unavailable', `Could not check for updates: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async fetchFeedFile(fetch: (input: string) => Promise<Response>, url: URL): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(url.href);
    } catch (error) {
      if (classifyNetworkFailure(error)?.kind === 'proxy-auth') {
        this.options.verifier.refuse('feed-unavailable', `Could not check for updates: the proxy between this computer and ${url.origin} asks for credentials (407), which the console cannot give it. Ask your IT team to let the console through without them.`);
      }
      // Node appends advice for developers after a semicolon ("…; try running Node.js with …").
      const cause = (error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)).split(';')[0];
      this.options.verifier.refuse('feed-unavailable', `Could not check for updates: ${url.origin} cannot be reached over a trusted TLS connection (${cause}).`);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      this.options.verifier.refuse('feed-unavailable', `Could not check for updates: the update feed answered ${response.status} for ${url.pathname}.`);
    }
    if (Number(response.headers.get('content-length') ?? 0) > MAX_MANIFEST_BYTES) {
      await response.body?.cancel();
      this.options.verifier.refuse('malformed', `Update refused: ${url.pathname} is larger than a manifest can be.`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_MANIFEST_BYTES) this.options.verifier.refuse('malformed', `Update refused: ${url.pathname} is larger than a manifest can be.`);
    return bytes;
  }
}

function toUpdateInfo(manifest: UpdateManifest): UpdateInfo {
  const files = manifest.files.map((file) => ({ url: file.url, sha512: file.sha512, size: file.size }));
  const [first] = files;
  if (!first) throw new Error('a parsed manifest always lists a file');
  return { version: manifest.version, files, path: first.url, sha512: first.sha512, releaseDate: manifest.releaseDate, releaseNotes: manifest.releaseNotes };
}
