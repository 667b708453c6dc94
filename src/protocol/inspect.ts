import { finishBody, perBody, type Body, type BodyAllowance, type DecodedBody } from './body.js';
import type { Interaction, InteractionOf } from './interaction.js';
import { visitInteraction } from './interaction-walk.js';
import { findSecrets, maskSecrets, publicFindings } from './secret-scan.js';

/**
 * Bytes decoded past `max_bytes` so that a secret cut by the limit is still recognised, and
 * masked, before the cut (protocol.md §2.5): a token up to this long never shows a prefix.
 */
export const SCAN_MARGIN_BYTES = 4096;

/** What the client asked of an interaction answer (protocol.md §2.4). */
export interface InspectOptions {
  /** Bytes of each body to include. */
  maxBytes: number;
  /** Leave the secrets' values as recorded. */
  reveal: boolean;
}

/** How many bytes of each body to decode for an answer of `maxBytes` bytes per body. */
export function answerAllowance(maxBytes: number): BodyAllowance {
  return perBody(maxBytes + SCAN_MARGIN_BYTES);
}

/**
 * The answer for one interaction (protocol.md §2.4, §2.5), the same on the server and on a
 * client that read an upstream server: find the secrets in the decoded interaction
 * (decoded with {@link answerAllowance}, and owned by the caller: it is changed in place
 * and must not be used afterwards), mask them unless `reveal`, then cut each body to
 * `maxBytes`.
 */
export function inspectInteraction(
  decoded: InteractionOf<DecodedBody>,
  options: InspectOptions,
): Interaction {
  const secrets = findSecrets(decoded);
  if (!options.reveal) maskSecrets(decoded, secrets);
  // Each body is replaced by its wire form: from here on the interaction holds Bodies.
  visitInteraction<DecodedBody | Body>(decoded, {
    field: () => undefined,
    body: (_where, body) => finishBody(body as DecodedBody, options.maxBytes),
  });
  const finished = decoded as unknown as InteractionOf<Body>;
  return { ...finished, secrets: publicFindings(secrets), revealed: options.reveal };
}
