/** Runs the one shared contract against every backend Pools may use, and the one it picks. */
import { chooseVerifier } from "../../src/crypto/chooseVerifier.ts";
import { nobleVerifier } from "../../src/crypto/nobleVerifier.ts";
import { createWebCryptoVerifier } from "../../src/crypto/webCryptoVerifier.ts";
import { signatureVerifierContract } from "./signatureVerifierContract.ts";

signatureVerifierContract("noble (cofactorless)", async () => nobleVerifier);
signatureVerifierContract("WebCrypto Ed25519", async () => createWebCryptoVerifier());
signatureVerifierContract("the chosen verifier", () => chooseVerifier());
