/**
 * One line per pool on the home screen: its name and balance, what is open, what waits for my
 * vote and what needs me. Floods are listed apart (floods.ts). A pool shows as "loading" from the
 * device's list until the engine has opened it.
 */
import { type Accessor, createMemo } from "solid-js";
import type { EventId, Need } from "../core/index.ts";
import type { PoolRef } from "../sync/index.ts";
import type { Engine } from "./engine.ts";
import type { Me } from "./identity.ts";
import type { PoolModel } from "./poolModel.ts";

export interface PoolSummary {
  id: EventId;
  name: string;
  currency?: string;
  balance?: number;
  openProposals: number;
  awaitingMyVote: number;
  /** What needs me in this pool (rules §11 "Reminders"), most urgent first. */
  needs: Need[];
  /** My standing: loading until the pool's state is here. */
  standing: "member" | "awaiting-admission" | "left" | "loading";
  /** The pool moved to an encrypted copy and this phone waits for its key (rules §9). */
  moved?: boolean;
}

export function poolSummaries(from: {
  me: () => Me | undefined;
  refs: () => PoolRef[];
  models: () => ReadonlyMap<EventId, PoolModel>;
  engine: () => Engine | undefined;
  now: () => number;
}): Accessor<PoolSummary[]> {
  return createMemo<PoolSummary[]>(() => {
    const my = from.me()?.id;
    const engine = from.engine();
    return from
      .refs()
      .filter((ref) => ref.kind !== "flood")
      .map((ref) => {
        const model = from.models().get(ref.genesisId);
        const state = model?.state();
        // A model (and its state) exists only once the engine has opened its session.
        if (!state || !engine)
          return {
            id: ref.genesisId,
            name: ref.name,
            openProposals: 0,
            awaitingMyVote: 0,
            needs: [],
            standing: "loading",
          };
        const status = my ? state.members[my]?.status : undefined;
        const standing =
          status === "active" ? "member" : status === "left" || status === "removed" ? "left" : "awaiting-admission";
        return {
          id: ref.genesisId,
          name: state.name,
          currency: state.currency,
          balance: state.ledger.balance,
          openProposals: engine.openProposals(state).length,
          awaitingMyVote: engine.awaitingMyVote(state, my).length,
          needs: my ? engine.needsYou(state, my, from.now()) : [],
          standing,
          ...(model?.moved() ? { moved: true } : {}),
        };
      });
  });
}
