import { MemoryDeviceStore } from "../../../src/sync/storage/deviceStore.ts";
import { MemoryEventArchive } from "../../../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../../../src/sync/storage/verificationCache.ts";
import { deviceStoreContract, eventArchiveContract, verifiedIdCacheContract } from "./contracts.ts";

/** A memory store "reloads" as itself: it lives as long as the page. */
const same = <T>(make: () => T) => ({
  open: async () => {
    const store = make();
    return { store, reopen: async () => store };
  },
});

verifiedIdCacheContract(
  "in memory",
  same(() => new MemoryVerifiedIdCache()),
);
eventArchiveContract(
  "in memory",
  same(() => new MemoryEventArchive()),
);
deviceStoreContract(
  "in memory",
  same(() => new MemoryDeviceStore()),
);
