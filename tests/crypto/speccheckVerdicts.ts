/**
 * The "Taming the many EdDSAs" edge cases (novifinancial/ed25519-speccheck, cases 0–9) and the
 * verdict Pools' rule (docs/rules.md §3) gives each: cofactorless [S]B = R + [k]A, S < L, A and R
 * canonical and not of small order. Mixed-order points (a prime-order part plus torsion) are
 * not refused by the rule; only the 8 small-order points are.
 *
 * Read from tests/fixtures (a copy of ../shared/vectors/, checked identical when present) so
 * the suite does not depend on a sibling folder.
 */
import { readFileSync } from "node:fs";

export interface SpeccheckCase {
  message: string;
  pub_key: string;
  signature: string;
}

export const speccheckCases: SpeccheckCase[] = JSON.parse(
  readFileSync(new URL("../fixtures/ed25519-speccheck-cases.json", import.meta.url), "utf8"),
);

export const POOLS_VERDICTS: { valid: boolean; why: string }[] = [
  // 0: S = 0, A and R both small order; R = −[k]A, so both equations hold for this message.
  { valid: false, why: "A has small order (and so has R)" },
  // 1: 0 < S < L, A small order, R mixed order; both equations hold.
  { valid: false, why: "A has small order" },
  // 2: 0 < S < L, A mixed order, R small order; both equations hold.
  { valid: false, why: "R has small order" },
  // 3: 0 < S < L, A and R mixed order, canonical; the cofactorless equation holds.
  { valid: true, why: "canonical, not small order, cofactorless equation holds" },
  // 4: A and R mixed order; only the cofactored equation holds (torsion parts do not cancel).
  { valid: false, why: "cofactorless equation fails (cofactored-only)" },
  // 5: A mixed, R prime order; only the cofactored equation holds (catches pre-reduced 8·k).
  { valid: false, why: "cofactorless equation fails (cofactored-only)" },
  // 6: S = S' + L: the equations hold with S reduced mod L, a malleated copy of a valid signature.
  { valid: false, why: "S is not below L" },
  // 7: S = S' + 2L, top 3 bits clear (slips past ref10's high-bit check); malleated as in 6.
  { valid: false, why: "S is not below L" },
  // 8: R spelled with y = p (non-canonical; the order-4 point y = 0); holds only if k hashes the reduced R.
  { valid: false, why: "R is not canonical (y ≥ p) and has small order" },
  // 9: the same R; holds only if k hashes R's raw bytes.
  { valid: false, why: "R is not canonical (y ≥ p) and has small order" },
];

export const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, "hex"));
