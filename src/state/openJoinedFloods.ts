/**
 * Every member of a pool that voted to join a flood opens that flood on their phone (docs/rules.md
 * §5): the pool's passed flood.join names the flood's document, so nobody needs the link passed
 * around.
 */
import { createEffect } from "solid-js";
import type { EventId } from "../core/index.ts";
import type { FloodOpener } from "./floodOpener.ts";
import type { FloodReads } from "./floodReads.ts";
import type { FloodHost } from "./floods.ts";

export function openJoinedFloods(host: FloodHost, reads: FloodReads, opener: FloodOpener): void {
  const tried = new Set<EventId>();
  createEffect(() => {
    const models = host.models();
    if (!host.services()) return;
    for (const [id, model] of models) {
      if (reads.isFlood(id) || !model.state()) continue;
      for (const p of reads.passedJoins(id)) {
        const spec = p.spec as { flood: EventId; floodDoc: string; floodKey?: string };
        if (host.models().has(spec.flood) || tried.has(spec.flood)) continue;
        tried.add(spec.flood);
        void opener.openJoined(spec.flood, spec.floodDoc, spec.floodKey).then((r) => {
          // Offline or the relay is slow: try again when the pool next changes.
          if (!r.ok) tried.delete(spec.flood);
        });
      }
    }
  });
}
