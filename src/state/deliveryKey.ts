/**
 * The person's X25519 delivery key (rules §9), published in the genesis they found and the joins
 * they write, so rotated pool keys reach them. Derived from the identity's seed: every device
 * holding the identity (a restored key backup included) has it, with nothing more to back up.
 */
import { toBase64url } from "../core/index.ts";
import { personDeliveryKeyPair } from "../crypto/hpkeKeySealer.ts";

export async function deliveryKeyOf(secretKey: Uint8Array): Promise<string> {
  return toBase64url((await personDeliveryKeyPair(secretKey)).publicKey);
}
