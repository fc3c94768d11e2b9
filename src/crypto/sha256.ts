/** The core's Sha256 port, synchronous so ids can be computed inside the pure fold. */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";

export const sha256: Sha256 = (bytes) => nobleSha256(bytes);
