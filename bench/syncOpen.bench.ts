/**
 * Sync-layer speed and size (DESIGN.md §8), on the core benchmarks' 10,000-event pool:
 *
 * - `sync-open-10k-events`: a device reopens the pool from its storage with its verification
 *   cache warm: the repo loads the document, the session reads and decodes every entry,
 *   derives, and has its first state. Target ≤ 500 ms.
 * - `sync-read-10k-entries`: `readEvents` alone on the loaded document (decode included).
 * - `sync-append-one-event`: `session.append` of one member's comment on the 10,000-event pool
 *   (decode, verify, derive with it added, the write, and the recompute that follows).
 * - `sync-stored-bytes-per-event`: the saved document's size divided by its events.
 *
 * The document is written the way devices write it: events appended in batches of 100.
 * Run alone: `npx tsx bench/syncOpen.bench.ts`.
 */
import "@automerge/automerge";
import { pathToFileURL } from "node:url";
import { signEvent, toBase64url } from "../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../src/crypto/index.ts";
import { startPoolSession } from "../src/sync/poolSession.ts";
import { createPool } from "../src/sync/pools.ts";
import { readEvents } from "../src/sync/readEvents.ts";
import { createNodeRepo } from "../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../src/sync/repo/memoryStorage.ts";
import type { PoolDoc } from "../src/sync/schema/poolDoc.ts";
import { MemoryEventArchive } from "../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../src/sync/storage/verificationCache.ts";
import { tenThousandEvents } from "./coreFixtures.ts";

type Result = { name: string; value: number; unit: "ms" | "bytes" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchSync(): Promise<Result[]> {
  const fixture = await tenThousandEvents();
  const storage = new MemoryStorageAdapter();
  const cache = new MemoryVerifiedIdCache();
  const archive = new MemoryEventArchive();
  const errors: unknown[] = [];
  const deps = {
    sha256,
    verifier: await chooseVerifier(),
    cache,
    archive,
    now: () => fixture.now,
    onError: (e: unknown) => errors.push(e),
  };

  // The founder's device writes the pool, 100 events at a time.
  const writer = createNodeRepo({ storage });
  const [genesis, ...rest] = fixture.events;
  const created = await createPool(writer.repo, genesis!, deps);
  if (!created.ok) throw new Error(`sync bench: ${created.reason}`);
  for (let i = 0; i < rest.length; i += 100) {
    const r = await created.value.append(rest.slice(i, i + 100));
    if (!r.ok) throw new Error(`sync bench: append refused ${r.reason} ${r.detail}`);
  }
  const { docUrl, poolId } = created.value;
  const counted = created.value.view().state?.order.length;
  if (counted !== fixture.events.length)
    throw new Error(`sync bench: ${counted} of ${fixture.events.length} events counted`);
  created.value.close();
  await writer.shutdown();

  const results: Result[] = [];
  const openTimes: number[] = [];
  for (let run = 0; run < 6; run++) {
    const device = createNodeRepo({ storage });
    const t = performance.now();
    const handle = await device.repo.find<PoolDoc>(docUrl);
    const session = await startPoolSession(handle, poolId, deps);
    const elapsed = performance.now() - t;
    if (session.view().state?.order.length !== fixture.events.length)
      throw new Error("sync bench: reopened pool is incomplete");
    if (run > 0) openTimes.push(elapsed); // the first run warms the JIT
    if (run === 5) {
      const doc = handle.doc();
      const reads: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = performance.now();
        readEvents(doc, sha256);
        reads.push(performance.now() - r);
      }
      results.push({ name: "sync-read-10k-entries", value: median(reads), unit: "ms" });

      const proposal = fixture.events.filter((e) => e.body.type === "proposal.created").at(-1)!;
      const appends: number[] = [];
      for (let i = 1; i <= 5; i++) {
        // Members of the bench pool have deterministic keys (bench/coreFixtures.ts).
        const member = signerFromSecretKey(sha256(new TextEncoder().encode(`bench-core-person-${i}`)));
        const state = session.view().state!;
        const comment = await signEvent(
          {
            pool: poolId,
            type: "proposal.comment",
            by: toBase64url(member.publicKey),
            at: state.latestAt + 1,
            parents: state.heads,
            data: { proposal: proposal.id, text: "Agreed." },
          },
          member,
          sha256,
        );
        const a = performance.now();
        const r = await session.append(comment);
        appends.push(performance.now() - a);
        if (!r.ok) throw new Error(`sync bench: the comment was refused: ${r.reason} ${r.detail}`);
      }
      results.push({ name: "sync-append-one-event", value: median(appends), unit: "ms" });
      results.push({
        name: "sync-stored-bytes-per-event",
        value: Math.round((await device.repo.export(docUrl))!.length / fixture.events.length),
        unit: "bytes",
      });
    }
    session.close();
    await device.shutdown();
  }
  results.unshift({ name: "sync-open-10k-events", value: median(openTimes), unit: "ms" });
  if (errors.length > 0) throw new Error(`sync bench: session errors ${String(errors[0])}`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchSync()) {
    const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(3));
    console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
  }
}
