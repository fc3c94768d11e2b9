/** Size limits of event bodies and fields (docs/rules.md §3 and §4). */
export const MAX_BODY_BYTES = 4 * 1024;
/** A seal lists every vote it counts, so it may be larger. */
export const MAX_SEAL_BYTES = 256 * 1024;
export const MAX_PARENTS = 64;
/** A ballot must fit one QR code. */
export const MAX_VOTE_REASON = 200;
export const MAX_NAME = 100;
export const MAX_TITLE = 200;
export const MAX_TEXT = 2000;
export const MAX_MEMO = 500;
export const MAX_PAYEE = 200;
export const MAX_COMMENT = 1000;
export const MAX_COVERS = 32;
export const MAX_INVITE_USES = 1000;
/**
 * The largest amount one event may carry, in minor units: 100,000,000 in a currency with three
 * decimals. A hostile member could otherwise write amounts near 2^53 whose sums stop being exact
 * integers, and the ledger would no longer balance to the cent; with this cap, 90,000 such
 * entries still add up exactly (1e11 × 9e4 < 2^53).
 */
export const MAX_AMOUNT = 100_000_000_000;
export const MAX_CLOSE_MS = 90 * 24 * 3600 * 1000;
export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** An event dated more than this after the device's clock waits until the clock catches up. */
export const FUTURE_SLACK_MS = 10 * 60 * 1000;
/** Caps on one member's volume (docs/rules.md §3). */
export const MAX_OPEN_PROPOSALS = 10;
export const MAX_COMMENTS_PER_PROPOSAL = 100;
