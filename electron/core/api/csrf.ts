/**
 * The CSRF double-submit token for one server. Central Command sets a `csrf_token` cookie on any
 * GET whose request lacked it, and wants it echoed (cookie + `X-CSRF-Token` header) on every
 * mutation, Bearer requests included. One fetch runs at a time however many mutations ask.
 */
export class CsrfToken {
  #value: string | null = null;
  #pending: Promise<string | null> | null = null;
  readonly #fetchFresh: () => Promise<string | null>;

  constructor(fetchFresh: () => Promise<string | null>) {
    this.#fetchFresh = fetchFresh;
  }

  get current(): string | null {
    return this.#value;
  }

  /** Keeps a token the server handed out on any response. */
  remember(value: string | null): void {
    if (value) this.#value = value;
  }

  async ensure(): Promise<string | null> {
    return this.#value ?? this.refresh();
  }

  /** Drops the held token and asks the server for a new one. */
  refresh(): Promise<string | null> {
    this.#pending ??= (async () => {
      this.#value = null;
      try {
        const fresh = await this.#fetchFresh();
        this.remember(fresh);
        return this.#value;
      } finally {
        this.#pending = null;
      }
    })();
    return this.#pending;
  }
}
