/**
 * A pool of this phone's that started a new key epoch hands the key to each flood it is in, so
 * the flood's other devices keep reading it (rules §9). Runs again whenever a flood or pool
 * changes; the writing itself is commands/giveFloodKeys.ts.
 */
import { createEffect } from "solid-js";
import type { FloodState } from "../core/index.ts";
import { giveFloodKeys, ownPoolsIn } from "./commands/giveFloodKeys.ts";
import type { FloodReads } from "./floodReads.ts";
import type { FloodHost } from "./floods.ts";

export function handOverFloodKeys(host: FloodHost, reads: FloodReads): void {
  const giving = new Set<string>();
  createEffect(() => {
    const s = host.services();
    if (!s || !host.me()) return;
    const models = host.models();
    for (const [id, model] of models) {
      const flood = reads.isFlood(id) ? (model.state() as FloodState | undefined) : undefined;
      if (!flood) continue;
      for (const poolId of ownPoolsIn(flood, (p) => models.has(p) && !reads.isFlood(p))) {
        const pool = models.get(poolId)?.state();
        if (!pool) continue;
        // Read here so the effect runs again when the pool's epoch, the flood's keys for it or the
        // flood's members change (the work itself is asynchronous, where Solid tracks nothing).
        const tracked = [
          pool.keys.epoch,
          flood.pools.find((p) => p.pool === poolId)?.keys.length,
          flood.activeMembers.length,
        ];
        if (tracked.length === 0) continue;
        void giveFloodKeys(model.ctx, pool, s.deps.poolKeys, giving).catch(console.error);
      }
    }
  });
}
