/**
 * The public surface of the sync layer. The repo factories are imported from their own files:
 * `repo/createBrowserRepo.ts` (loads Automerge's wasm through Vite) and `repo/createNodeRepo.ts`
 * (loads it through Node), so that neither drags the other's loader along.
 */

export { collectBackedUpPools, restoreBackedUpPools } from "./backupKeys.ts";
export { checkPoolFile } from "./checkPoolFile.ts";
export { encryptPool, movedToOf, needsEncrypting } from "./encryption/encryptPool.ts";
export { floodKeysOf, floodKeysText } from "./encryption/floodKeysText.ts";
export { floodDeliveryKeys, floodKeysToGive, type RawPoolKey } from "./encryption/floodPoolKeys.ts";
export { type MoveHooks, type SignMoveEvent, watchMove } from "./encryption/followMove.ts";
export { IdbPoolKeyRecords } from "./encryption/idbPoolKeyRecords.ts";
export { memoryPoolKeyStore, type PoolKeyStore, PoolKeyVault } from "./encryption/poolKeyStore.ts";
export { SEALED_BALLOT_PREFIX } from "./encryption/sealedBallot.ts";
export { sealFloodRotation } from "./encryption/sealFloodRotation.ts";
export { sealRotation } from "./encryption/sealRotation.ts";
export { decodeFloodLink, encodeFloodLink, FLOOD_LINK_ROUTE, type FloodLinkPayload } from "./floodLink.ts";
export {
  createFlood,
  docIdOfUrl,
  docUrlOfId,
  type FloodDeps,
  type FloodSession,
  type MemberPoolRef,
  openFlood,
  poolKeyText,
} from "./floodSession.ts";
export { decodeInviteLink, docUrlOfInvite, encodeInviteLink, type InvitePayload } from "./inviteLink.ts";
export { decodePoolFile, encodePoolFile, POOL_FILE_VERSION, type PoolFileContents } from "./poolFile.ts";
export { exportPoolFile, importIntoPool, importPoolFile } from "./poolFileImport.ts";
export { MAX_POOL_FILE_BYTES } from "./poolFileLimit.ts";
export {
  type AppendOk,
  type AppendOptions,
  type DerivePool,
  type PoolSession,
  type PoolView,
  type SessionDeps,
  type StoredEventWithId,
  startPoolSession,
} from "./poolSession.ts";
export { checkGenesis, createPool, openPool, type PoolDeps, poolRefOf } from "./pools.ts";
export { type ReadEventsResult, readEvents } from "./readEvents.ts";
export type { PoolsRepo, RepoOptions } from "./repo/createRepo.ts";
export { MemoryStorageAdapter } from "./repo/memoryStorage.ts";
export type { RelayLink } from "./repo/relayLink.ts";
export { defaultRelayUrl } from "./repo/relayUrl.ts";
export { entryKey, entryKeyOf, parseEntryKey } from "./schema/entryKey.ts";
export { POOL_SCHEMA_VERSION, type PoolDoc, packEntry, unpackEntry } from "./schema/poolDoc.ts";
export { validatePoolDoc } from "./schema/validatePoolDoc.ts";
export { DEVICE_DB_NAME, openDeviceDb } from "./storage/deviceDb.ts";
export { type DeviceStore, type Identity, MemoryDeviceStore, type PoolRef } from "./storage/deviceStore.ts";
export { type ArchivedEvent, type EventArchive, MemoryEventArchive } from "./storage/eventArchive.ts";
export { IdbDeviceStore, IdbEventArchive, IdbVerifiedIdCache } from "./storage/idbStores.ts";
export { MemoryVerifiedIdCache, type VerifiedIdCache, verificationKey } from "./storage/verificationCache.ts";
export {
  SYNC_REASONS,
  type SyncReasonCode,
  type SyncRefused,
  type SyncResult,
  syncReasonText,
} from "./syncReasons.ts";
export { type SyncStatus, type SyncStatusWatch, watchSyncStatus } from "./syncStatus.ts";
