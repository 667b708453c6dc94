/** A server base URL, split so paths and the `/ws` URL can be derived from it. */
export interface BaseUrl {
  /** `http://host:port`, no trailing slash. */
  origin: string;
  /** Path prefix without trailing slash (`''` for a server at the root). */
  prefix: string;
  /** `ws:` or `wss:` form of the origin. */
  wsOrigin: string;
}

/** Parses the user's `--url`; returns a reason instead when it cannot be used. */
export function parseBaseUrl(input: string): BaseUrl | { error: string } {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return { error: `bad URL: ${JSON.stringify(input)}` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return { error: `bad URL: ${JSON.stringify(input)} (expected http:// or https://)` };
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
