/** Picks the signature backend once at start-up: WebCrypto where it is present and agrees with the rule, else noble. */
import type { SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import { nobleVerifier } from "./nobleVerifier.ts";
import { createWebCryptoVerifier, webCryptoAvailable } from "./webCryptoVerifier.ts";

export async function chooseVerifier(
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Promise<SignatureVerifier> {
  if (subtle !== undefined && (await webCryptoAvailable(subtle))) return createWebCryptoVerifier(subtle);
  return nobleVerifier;
}
