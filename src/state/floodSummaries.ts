/**
 * One line per flood on the home screen (docs/rules.md §5): its name and balance, how many pools
 * and people are in it, and what is open. A flood shows as loading from the device's list until
 * it has opened on this phone.
 */
import { type Accessor, createMemo } from "solid-js";
import type { EventId, FloodState } from "../core/index.ts";
import type { FloodHost } from "./floods.ts";

export interface FloodSummary {
  id: EventId;
  name: string;
  currency?: string;
  balance?: number;
  pools: number;
  members: number;
  openProposals: number;
  loading: boolean;
}

export function floodSummaries(host: Pick<FloodHost, "refs" | "models">): Accessor<FloodSummary[]> {
  return createMemo<FloodSummary[]>(() =>
    host
      .refs()
      .filter((r) => r.kind === "flood")
      .map((ref) => {
        const state = host.models().get(ref.genesisId)?.state() as FloodState | undefined;
        if (!state) return { id: ref.genesisId, name: ref.name, pools: 0, members: 0, openProposals: 0, loading: true };
        return {
          id: ref.genesisId,
          name: state.name,
          currency: state.currency,
          balance: state.ledger.balance,
          pools: state.pools.filter((p) => p.leftAt === undefined).length,
          members: state.activeMembers.length,
          openProposals: Object.values(state.proposals).filter((p) => p.status === "open").length,
          loading: false,
        };
      }),
  );
}
