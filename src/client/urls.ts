/** A server base URL, split so paths and the `/ws` URL can be derived from it. */
export interface BaseUrl {
  /** `http://host:port`, no trailing slash. */
  origin: string;
  /** Path prefix without trailing slash (`''` for a server at the root). */
  prefix: string;
  /** `ws:` or `wss:` form of the origin. */
  wsOrigin: string;
}

/**
 * Parses the user's `--url` or `MAGNETO_URL`; returns the one sentence saying why it cannot be
 * used instead (the engine fails with it as `bad_url`, the command line prints it).
 */
export function parseBaseUrl(input: string): BaseUrl | { error: string } {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return { error: `${JSON.stringify(input)} is not a URL (expected e.g. http://127.0.0.1:8889)` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return { error: `${JSON.stringify(input)} is not an http:// or https:// URL` };
  }
  return {
    origin: u.origin,
    prefix: u.pathname.replace(/\/+$/, ''),
    wsOrigin: (u.protocol === 'https:' ? 'wss://' : 'ws://') + u.host,
  };
}

/** Absolute URL of `path` (which starts with `/`) on the server. */
export function apiUrl(base: BaseUrl, path: string): string {
  return base.origin + base.prefix + path;
}

/** `/ws` URL with the resume point and batching (protocol.md §3). */
export function wsUrl(
  base: BaseUrl,
  resume: { since: number; epoch: string } | undefined,
  batch: boolean,
): string {
  const q = new URLSearchParams();
  if (resume) {
    q.set('since', String(resume.since));
    q.set('epoch', resume.epoch);
  }
  if (batch) q.set('batch', '1');
  const qs = q.toString();
  return base.wsOrigin + base.prefix + '/ws' + (qs ? `?${qs}` : '');
}

/**
 * Resolves a link a server returned (e.g. `hydra:next`) against our base URL,
 * keeping only its path and query: upstream builds links from its bind host
 * (`http://0.0.0.0:8889/…`), which is not where we reach it (protocol.md §4.5).
 */
export function followLink(base: BaseUrl, link: string): string {
  const u = new URL(link, 'http://placeholder');
  const path =
    base.prefix && u.pathname.startsWith(base.prefix + '/')
      ? u.pathname.slice(base.prefix.length)
      : u.pathname;
  return apiUrl(base, path + u.search);
}

/** Percent-encodes a cassette name for a URL path segment. */
export function encodeName(name: string): string {
  return encodeURIComponent(name);
}
