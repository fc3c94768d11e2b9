/**
 * Sync-layer speed and size (docs/rules.md §8), on the core benchmarks' 10,000-event pool:
 *
 * - `open-pool-10k-events`: a device reopens the pool from its storage with its caches warm (the
 *   verification cache, and the entries it opened before, which are not decrypted again: rules
 *   §9): the repo loads the document, the session reads and decodes every entry, derives, and
 *   has its first state. DESIGN §8 sets no absolute target for it (it is the denominator of the
 *   append target); the project's own goal since 2026-11-27 is ≤ 500 ms (docs/benchmarks.md).
 * - `open-pool-with-10k-junk`: the same reopening when, while the app was closed, a stranger
 *   wrote 10,000 junk entries into the document (5,000 proposals signed by a non-member and
 *   5,000 random values, rules §3.7): the session sheds them (no signature of theirs is
 *   checked) before its first state. `open-pool-with-10k-junk-ratio` is its time over
 *   `open-pool-10k-events`, the two measured alternately in one run; target ≤ 1.2.
 *   `open-pool-with-10k-junk-automerge-load-floor` is automerge-repo alone loading the junky
 *   document, in the same rotation, and `open-pool-with-10k-junk-floor-ratio` that floor over
 *   the clean open: how much of the target Automerge spends before Pools reads an entry.
 * - `open-pool-automerge-load-floor`: automerge-repo alone loading the same stored document and
 *   handing over its value, measured alternately with the open in the same run, and
 *   `open-pool-over-floor-ratio`, the open over it: what Pools adds on top of Automerge's load.
 * - `sync-read-10k-entries`: `readEvents` alone on the loaded document (decode included; the
 *   entries opened beforehand, as a session's opener holds them).
 * - `sync-append-one-event`: `session.append` of one member's comment on the 10,000-event pool
 *   (decode, verify, derive with it added, the write, and the recompute that follows).
 * - `sync-stored-bytes-per-event`: the saved document's size divided by its events.
 * - `pool-file-export-10k-events`, `pool-file-bytes-per-event`: exporting the pool as a sealed
 *   file (rules §9: each entry as its document holds it, checked to open to its event), and the
 *   file's size per event; `pool-file-import-10k-events`: a phone that never had the pool opening
 *   that file with the invite link's key (every entry opened, every signature checked, derived).
 *
 * The document is written the way devices write it: events appended in batches of 100, and
 * encrypted (rules §9): every entry is sealed under the pool key; a device decrypts each value once.
 * Run alone: `npx tsx bench/syncOpen.bench.ts`.
 */
import "@automerge/automerge";
import { pathToFileURL } from "node:url";
import { signEvent, toBase64url } from "../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../src/crypto/index.ts";
import { EntryOpener } from "../src/sync/encryption/entryOpener.ts";
import { cryptoOf } from "../src/sync/encryption/poolCrypto.ts";
import { memoryPoolKeyStore } from "../src/sync/encryption/poolKeyStore.ts";
import { exportPoolFile, importPoolFile } from "../src/sync/poolFileImport.ts";
import { startPoolSession } from "../src/sync/poolSession.ts";
import { createPool } from "../src/sync/pools.ts";
import { readEvents } from "../src/sync/readEvents.ts";
import { createNodeRepo } from "../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../src/sync/repo/memoryStorage.ts";
import { entryKey, entryKeyOf } from "../src/sync/schema/entryKey.ts";
import { type PoolDoc, packEntry } from "../src/sync/schema/poolDoc.ts";
import { MemoryEventArchive } from "../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../src/sync/storage/verificationCache.ts";
import { tenThousandEvents } from "./coreFixtures.ts";
import { randomEntries, strangerProposals } from "./junkFixtures.ts";

type Result = { name: string; value: number; unit: "ms" | "bytes" | "ratio" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * `stored-bytes-per-vote`: what the saved document grows by per vote, measured by appending one
 * vote from each of 40 members on a fresh proposal and comparing the saved sizes.
 */
async function bytesPerVote(
  session: Awaited<ReturnType<typeof startPoolSession>>,
  device: ReturnType<typeof createNodeRepo>,
  docUrl: Parameters<ReturnType<typeof createNodeRepo>["repo"]["export"]>[0],
  poolId: string,
): Promise<number> {
  const signer = (i: number) => signerFromSecretKey(sha256(new TextEncoder().encode(`bench-core-person-${i}`)));
  const author = signer(1);
  let state = session.view().state!;
  const proposal = await signEvent(
    {
      pool: poolId,
      type: "proposal.created",
      by: toBase64url(author.publicKey),
      at: state.latestAt + 1,
      parents: state.heads,
      data: {
        kind: "decision",
        title: "Size check",
        text: "How big is a vote?",
        closesAt: state.latestAt + 7 * 86_400_000,
      },
    },
    author,
    sha256,
  );
  const created = await session.append(proposal);
  if (!created.ok) throw new Error(`sync bench: proposal refused ${created.reason}`);
  state = session.view().state!;
  const voters = state.proposals[proposal.id]!.electorate.slice(0, 40);
  const before = (await device.repo.export(docUrl))!.length;
  let n = 0;
  for (let i = 0; i < 50 && n < voters.length; i++) {
    const s = signer(i);
    if (!voters.includes(toBase64url(s.publicKey))) continue;
    const vote = await signEvent(
      {
        pool: poolId,
        type: "vote.cast",
        by: toBase64url(s.publicKey),
        at: proposal.body.at + 1 + i,
        parents: [proposal.id],
        data: { proposal: proposal.id, choice: "yes" },
      },
      s,
      sha256,
    );
    const r = await session.append(vote);
    if (!r.ok) throw new Error(`sync bench: vote refused ${r.reason}`);
    n++;
  }
  const after = (await device.repo.export(docUrl))!.length;
  return Math.round((after - before) / n);
}

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
    // Encryption on, as in the app: the founder's device keeps the pool key.
    poolKeys: memoryPoolKeyStore(),
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
  const floorTimes: number[] = [];
  for (let run = 0; run < 6; run++) {
    // The floor, alternated with the open: automerge-repo loading the same stored document and
    // handing over its value, with nothing of Pools' on top.
    const bare = createNodeRepo({ storage });
    const f = performance.now();
    const bareDoc = (await bare.repo.find<PoolDoc>(docUrl)).doc();
    const floor = performance.now() - f;
    if (Object.keys(bareDoc.events).length !== fixture.events.length)
      throw new Error("sync bench: floor load incomplete");
    if (run > 0) floorTimes.push(floor);
    await bare.shutdown();
    const device = createNodeRepo({ storage });
    const t = performance.now();
    const handle = await device.repo.find<PoolDoc>(docUrl);
    const session = await startPoolSession(handle, poolId, deps);
    const elapsed = performance.now() - t;
    if (session.view().state?.order.length !== fixture.events.length)
      throw new Error("sync bench: reopened pool is incomplete");
    if (!session.encrypted) throw new Error("sync bench: the pool is not encrypted");
    if (run > 0) openTimes.push(elapsed); // the first run warms the JIT
    if (run === 5) {
      const doc = handle.doc();
      const reads: number[] = [];
      const crypto = await cryptoOf(poolId, deps);
      const opener = new EntryOpener(crypto!);
      await opener.prepare(doc);
      for (let i = 0; i < 5; i++) {
        const r = performance.now();
        readEvents(doc, sha256, { open: opener.open });
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
      results.push({
        name: "stored-bytes-per-vote",
        value: await bytesPerVote(session, device, docUrl, poolId),
        unit: "bytes",
      });
      results.push(...(await poolFileRoundTrip(session, deps)));
    }
    session.close();
    await device.shutdown();
  }
  results.unshift(
    { name: "open-pool-10k-events", value: median(openTimes), unit: "ms" },
    { name: "open-pool-automerge-load-floor", value: median(floorTimes), unit: "ms" },
    { name: "open-pool-over-floor-ratio", value: median(openTimes) / median(floorTimes), unit: "ratio" },
  );
  results.push(...(await openWithJunk(storage, docUrl, poolId, cache, deps, fixture)));
  if (errors.length > 0) throw new Error(`sync bench: session errors ${String(errors[0])}`);
  return results;
}

/** Export of the open pool as a sealed file, and its import on a phone that never had the pool. */
async function poolFileRoundTrip(
  session: Awaited<ReturnType<typeof startPoolSession>>,
  deps: Parameters<typeof startPoolSession>[2],
): Promise<Result[]> {
  const e = performance.now();
  const file = await exportPoolFile(session, sha256);
  const exported = performance.now() - e;
  const events = session.knownEvents().length;
  const keys = (await session.poolKeysForInvite()) ?? [];
  const phone = createNodeRepo({ storage: new MemoryStorageAdapter() });
  const { poolKeys: _held, ...withoutKeys } = deps;
  const i = performance.now();
  const imported = await importPoolFile(
    phone.repo,
    file,
    {
      ...withoutKeys,
      cache: new MemoryVerifiedIdCache(),
      archive: new MemoryEventArchive(),
      poolKeys: memoryPoolKeyStore(),
    },
    { genesisId: session.poolId, keys },
  );
  const importTime = performance.now() - i;
  if (!imported.ok) throw new Error(`sync bench: pool file refused ${imported.reason} ${imported.detail}`);
  if (imported.value.session.view().state?.order.length !== session.view().state?.order.length)
    throw new Error("sync bench: the imported pool differs");
  imported.value.session.close();
  await phone.shutdown();
  return [
    { name: "pool-file-export-10k-events", value: exported, unit: "ms" },
    { name: "pool-file-bytes-per-event", value: Math.round(file.length / events), unit: "bytes" },
    { name: "pool-file-import-10k-events", value: importTime, unit: "ms" },
  ];
}

/** A copy of a memory storage, so each run opens the same bytes however the last run changed them. */
async function copyOf(storage: MemoryStorageAdapter): Promise<MemoryStorageAdapter> {
  const copy = new MemoryStorageAdapter();
  for (const c of await storage.loadRange([])) if (c.data !== undefined) await copy.save(c.key, c.data);
  return copy;
}

/** Open times of the clean pool and of the same pool with 10,000 junk entries, alternately. */
async function openWithJunk(
  storage: MemoryStorageAdapter,
  docUrl: Parameters<ReturnType<typeof createNodeRepo>["repo"]["find"]>[0],
  poolId: string,
  cache: MemoryVerifiedIdCache,
  deps: Parameters<typeof startPoolSession>[2],
  fixture: Awaited<ReturnType<typeof tenThousandEvents>>,
): Promise<Result[]> {
  const junky = await copyOf(storage);
  const stranger = createNodeRepo({ storage: junky });
  const handle = await stranger.repo.find<PoolDoc>(docUrl);
  const proposals = await strangerProposals(fixture, 5_000);
  const random = randomEntries(fixture, 5_000);
  handle.change((d) => {
    for (const p of proposals) d.events[entryKeyOf(p)] = packEntry(p);
    for (const r of random) d.events[entryKey(r.id, r.at)] = r.value;
  });
  await stranger.shutdown();
  const keys = [...(await cache.load(poolId))];
  // A phone's caches hold what it opened before, too (rules §9): only the junk is new to it.
  const opened = await cache.loadOpened(poolId);
  // Every junk value is shed, those that happen to read as an envelope of an epoch this pool never
  // had included (rules §9: no rotation this device can read introduced that epoch).
  const expectedJunk = proposals.length + random.length;

  const counted = new Set<number>();
  /** automerge-repo alone loading the document and handing over its value: the floor. */
  const loadOnly = async (from: MemoryStorageAdapter) => {
    const bare = createNodeRepo({ storage: await copyOf(from) });
    const t = performance.now();
    const doc = (await bare.repo.find<PoolDoc>(docUrl)).doc();
    const elapsed = performance.now() - t;
    if (Object.keys(doc.events).length < fixture.events.length + expectedJunk)
      throw new Error("sync bench: junky floor load incomplete");
    await bare.shutdown();
    return elapsed;
  };
  const openOnce = async (from: MemoryStorageAdapter, junk: boolean) => {
    const fresh = new MemoryVerifiedIdCache();
    await fresh.addMany(poolId, keys);
    await fresh.addOpened(poolId, opened);
    const device = createNodeRepo({ storage: await copyOf(from) });
    const t = performance.now();
    const h = await device.repo.find<PoolDoc>(docUrl);
    const session = await startPoolSession(h, poolId, { ...deps, cache: fresh });
    const elapsed = performance.now() - t;
    const view = session.view();
    // The pool holds a few more events than the fixture by now (the size checks above wrote them).
    counted.add(view.state?.order.length ?? 0);
    if (counted.size !== 1) throw new Error(`sync bench: junk changed the pool (${[...counted].join(" vs ")} events)`);
    // Junk is remembered and deleted just after the first state is out (not timed here).
    if (junk)
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("sync bench: the junk was not shed")), 60_000);
        const stop = session.onState((v) => {
          if (v.junk !== expectedJunk) return;
          clearTimeout(timer);
          queueMicrotask(() => stop());
          resolve();
        });
      });
    session.close();
    await device.shutdown();
    return elapsed;
  };
  const clean: number[] = [];
  const dirty: number[] = [];
  const dirtyFloor: number[] = [];
  for (let run = 0; run < 6; run++) {
    const c = await openOnce(storage, false);
    const f = await loadOnly(junky);
    const d = await openOnce(junky, true);
    if (run > 0) {
      clean.push(c);
      dirtyFloor.push(f);
      dirty.push(d);
    }
  }
  return [
    { name: "open-pool-with-10k-junk", value: median(dirty), unit: "ms" },
    { name: "open-pool-with-10k-junk-ratio", value: median(dirty) / median(clean), unit: "ratio" },
    { name: "open-pool-with-10k-junk-automerge-load-floor", value: median(dirtyFloor), unit: "ms" },
    { name: "open-pool-with-10k-junk-floor-ratio", value: median(dirtyFloor) / median(clean), unit: "ratio" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of await benchSync()) {
    const value = Number.isInteger(r.value) ? r.value : Number(r.value.toFixed(3));
    console.log(JSON.stringify({ name: r.name, value, unit: r.unit }));
  }
}
