import type { InteractionOf, RequestDetail } from './interaction.js';

/** How a string field is scanned for secrets (protocol.md §2.5). */
export type FieldRule = { readonly field: 'url' } | { readonly field: 'text' } | { readonly field: 'header' };

/**
 * What a walk does with each string field and each body of an interaction. A callback that
 * returns a value replaces the field or body with it, in place; one that returns undefined
 * leaves it.
 */
export interface InteractionVisitor<B> {
  /** A string that may hold a secret; `name` is the header's name for a header. */
  field(where: string, value: string, rule: FieldRule, name?: string): string | undefined;
  /** A body: a request's, a response's or a message's. */
  body(where: string, body: B): B | undefined;
}

const URL_RULE: FieldRule = { field: 'url' };
const TEXT_RULE: FieldRule = { field: 'text' };
const HEADER_RULE: FieldRule = { field: 'header' };

function headers<B>(where: string, h: Record<string, string>, v: InteractionVisitor<B>): void {
  for (const name of Object.keys(h)) {
    const next = v.field(`${where}.headers.${name}`, h[name] as string, HEADER_RULE, name);
    // defineProperty, not assignment: a header named `__proto__` stays a header.
    if (next !== undefined) Object.defineProperty(h, name, { value: next });
  }
}

function request<B>(r: RequestDetail<B>, v: InteractionVisitor<B>): void {
  r.url = v.field('request.url', r.url, URL_RULE) ?? r.url;
  headers('request', r.headers, v);
  if (r.body !== null) r.body = v.body('request.body', r.body) ?? r.body;
}

/**
 * Visits every field a secret may hide in and every body of an interaction, in a fixed
 * order and with the `where` names of protocol.md §2.5, replacing in place what the visitor
 * returns. The scan, the masking and the cut to `max_bytes` are all visits, so they agree on
 * what they see. Only for interactions the caller owns: decoded for this request or scan.
 */
export function visitInteraction<B>(i: InteractionOf<B>, v: InteractionVisitor<B>): void {
  switch (i.kind) {
    case 'Http':
      request(i.request, v);
      headers('response', i.response.headers, v);
      if (i.response.body !== null)
        i.response.body = v.body('response.body', i.response.body) ?? i.response.body;
      return;
    case 'HttpError':
      request(i.request, v);
      i.error.message = v.field('error.message', i.error.message, TEXT_RULE) ?? i.error.message;
      return;
    case 'WebSocket':
      i.url = v.field('url', i.url, URL_RULE) ?? i.url;
      i.messages.forEach((m, n) => {
        m.body = v.body(`messages.${n}.body`, m.body) ?? m.body;
      });
      if (i.close_frame !== null)
        i.close_frame.reason =
          v.field('close_frame.reason', i.close_frame.reason, TEXT_RULE) ?? i.close_frame.reason;
      return;
  }
}
