/**
 * Floods in the app (docs/rules.md §5): start one from a pool, share its link, open it, and the
 * bookkeeping that crosses documents (recording a pool's join or departure in the flood, and the
 * transfer of a pool's payout). A flood is opened as a FloodSession and adopted like a pool, so
 * its proposals, votes, seals and ledger use the pool screens and commands as they are.
 *
 * This file wires the pieces: opening (floodOpener.ts), reads across documents (floodReads.ts),
 * the home screen's lines (floodSummaries.ts), links (floodLinkCommands.ts), what a phone does
 * for its floods by itself (openJoinedFloods.ts, handOverFloodKeys.ts) and the commands that
 * write across documents (commands/floods.ts).
 */

import type { EventId } from "../core/index.ts";
import type { PoolRef, PoolSession } from "../sync/index.ts";
import { floodCommands } from "./commands/floods.ts";
import { floodLinkCommands } from "./floodLinkCommands.ts";
import { floodOpener } from "./floodOpener.ts";
import { floodReads } from "./floodReads.ts";
import { floodSummaries } from "./floodSummaries.ts";
import { handOverFloodKeys } from "./handOverFloodKeys.ts";
import type { Me } from "./identity.ts";
import { openJoinedFloods } from "./openJoinedFloods.ts";
import type { PoolModel } from "./poolModel.ts";
import type { Services } from "./services.ts";

// lazyFloods.ts takes the summary's type from here, where it was before the floods were split.
export type { FloodSummary } from "./floodSummaries.ts";

/** What the app state lends the floods: its services, its open models, and how it adopts a session. */
export interface FloodHost {
  services: () => Services | undefined;
  me: () => Me | undefined;
  models: () => ReadonlyMap<EventId, PoolModel>;
  refs: () => PoolRef[];
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
  base: () => string;
}

export type Floods = ReturnType<typeof createFloods>;

export function createFloods(host: FloodHost) {
  const opener = floodOpener(host);
  const reads = floodReads(host);
  const floods = floodSummaries(host);
  openJoinedFloods(host, reads, opener);
  handOverFloodKeys(host, reads);

  return {
    floods,
    isFlood: reads.isFlood,
    floodState: reads.floodState,
    open: opener.open,
    joins: reads.joins,
    transfersToRecord: reads.transfersToRecord,

    /** Opens the boot-time list of floods after the pools, so member pools are shared with them. */
    openKnown: (refs: PoolRef[]) =>
      Promise.all(
        refs.map((r) =>
          opener.open(r).then((x) => x.ok || console.warn(`flood ${r.name} could not be opened: ${x.error}`)),
        ),
      ),

    ...floodLinkCommands(host, opener),

    ...floodCommands(host, opener),
  };
}
