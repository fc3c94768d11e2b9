/** The crypto layer: concrete implementations of the core's ports (cryptoPorts.ts). */
export { chooseVerifier } from "./chooseVerifier.ts";
export { generateKeyPair, type KeyPair, signerFromSecretKey } from "./keyPair.ts";
export { cofactorlessEquationHolds, nobleVerifier } from "./nobleVerifier.ts";
export { sha256 } from "./sha256.ts";
export { createWebCryptoVerifier, webCryptoAvailable } from "./webCryptoVerifier.ts";
