import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCode } from '../protocol/index.js';
import { methodNotAllowed } from './api.js';
import { errorBody, replyError } from './errors-http.js';

/** The web page's files by the path they are served at (protocol.md §7). */
const PAGE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** Paths of the page: public, like `/health` (they hold no data; protocol.md §6). */
export const PAGE_PATHS: ReadonlySet<string> = new Set(Object.keys(PAGE_FILES));

interface PageFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** The page as loaded at listen, by path. */
export type Page = ReadonlyMap<string, PageFile>;

/**
 * Reads the built page (index.html, app.js, app.css; scripts/build.mjs writes them to
 * dist/web). Undefined when a file is missing: a server run from the sources has no page.
 */
export async function loadPage(dir: string): Promise<Page | undefined> {
  const page = new Map<string, PageFile>();
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    let body: Buffer;
    try {
      body = await readFile(join(dir, file));
    } catch {
      return undefined;
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    page.set(path, { body, type, etag });
  }
  return page;
}

/** `ws://` and `wss://` of a Host header that is a plain host[:port], else nothing. */
function socketSources(host: string | undefined): string {
  if (host === undefined || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(host)) return '';
  return ` ws://${host} wss://${host}`;
}

/**
 * The page runs its own script and style and talks to its own server only: REST on 'self'
 * and `/ws` on the same host (older browsers do not count ws: as 'self'). No inline code,
 * no framing, no form posts, no base URL changes.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    'img-src data:',
    `connect-src 'self'${socketSources(host)}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * GET (and HEAD) `/`, `/app.js`, `/app.css`: revalidated on every load (`no-cache` and an
 * ETag, 304 when unchanged), so a new version is seen at once and an unchanged one costs
 * no body. Without a page, 404 `not_found` saying so.
 */
export function registerPage(app: FastifyInstance, page: Page | undefined): void {
  for (const path of PAGE_PATHS) {
    app.get(path, async (req, reply: FastifyReply) => {
      const file = page?.get(path);
      if (file === undefined) {
        return replyError(
          reply,
          errorBody(
            ErrorCode.NotFound,
            'this server has no web page (it is built into dist/web by npm run build)',
          ),
        );
      }
      reply.headers({
        'content-type': file.type,
        'cache-control': 'no-cache',
        etag: file.etag,
        'x-content-type-options': 'nosniff',
      });
      if (path === '/') {
        reply.headers({
          'content-security-policy': contentSecurityPolicy(req.headers.host),
          'referrer-policy': 'no-referrer',
        });
      }
      if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.send(file.body);
    });
    methodNotAllowed(app, path, ['GET', 'HEAD']);
  }
}
