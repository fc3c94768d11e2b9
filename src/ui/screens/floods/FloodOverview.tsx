import { createSignal, For, Show } from "solid-js";
import type { FloodState } from "../../../core/index.ts";
import { awaitingMyVote } from "../../../state/selectors.ts";
import { createAction } from "../../components/action.ts";
import { Money } from "../../components/Money.tsx";
import { Figure, MoneyFigures } from "../../components/MoneyFigures.tsx";
import { Empty, ErrorText, Notice } from "../../components/Notice.tsx";
import { plural } from "../../format.ts";
import { href } from "../../router.ts";
import { OpenProposals } from "../OpenProposals.tsx";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";

/**
 * A flood's overview (docs/rules.md §5): its money, its member pools with what each put in, the
 * combined members (each person once), transfers from my pools waiting to be recorded, the link
 * to share with another pool, and open proposals. Proposals, votes and the ledger are the pool
 * screens: a flood's state is a pool's state.
 */
export function FloodOverview(props: PoolScreenProps) {
  const floods = () => props.app.floods;
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="" back="#/" title={(s) => s.name}>
      {(v) => {
        const s = () => v().state as FloodState;
        const pools = () => s().pools ?? [];
        const _mine = () => new Set(awaitingMyVote(s(), v().me).map((p) => p.id));
        const transfers = () => floods().transfersToRecord(props.poolId);
        const [copied, setCopied] = createSignal(false);
        const link = () => floods().linkOf(props.poolId) ?? "";
        const record = createAction((pool: string, payout: string) =>
          floods().recordTransfer(props.poolId, pool, payout),
        );
        const share = async () => {
          await navigator.clipboard?.writeText(link()).catch(() => undefined);
          setCopied(true);
        };
        return (
          <>
            <p class="small">
              <span class="badge">Flood</span> A flood joins pools' forces: its members are the members of its pools.
            </p>
            <Show when={s().purpose}>
              <p class="muted">{s().purpose}</p>
            </Show>
            <MoneyFigures state={s()} balanceTestId="flood-balance">
              <Figure label="Pools" testId="flood-pools">
                {pools().filter((p) => p.leftAt === undefined).length}
              </Figure>
              <Figure label="Members" testId="flood-members">
                {s().activeMembers.length}
              </Figure>
            </MoneyFigures>
            <h2>Member pools</h2>
            <Show
              when={pools().length > 0}
              fallback={
                <div class="card">
                  <Empty>
                    No pool has joined yet. A pool joins by passing a “Join a flood” proposal with the link below, then
                    recording it here.
                  </Empty>
                </div>
              }
            >
              <ul class="list card" aria-label="Member pools">
                <For each={pools()}>
                  {(p) => (
                    <li>
                      <div class="row">
                        <strong class="grow">{p.name}</strong>
                        <span>
                          put in <Money amount={p.contributed} currency={s().currency} />
                        </span>
                      </div>
                      <div class="row small muted">
                        <span>{plural(p.members.length, "member")}</span>
                        <Show when={p.leftAt !== undefined}>
                          <span class="badge">Left</span>
                        </Show>
                        <Show when={p.owed}>
                          {(o) => (
                            <span data-testid="flood-owed">
                              owed <Money amount={o().amount} currency={s().currency} />
                              {o().remaining > 0 ? ", not paid yet" : ", paid"}
                            </span>
                          )}
                        </Show>
                        <Show when={props.app.pool(p.pool)}>
                          <a href={href("pool", p.pool)}>Open this pool</a>
                        </Show>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={transfers().length > 0}>
              <section class="card" aria-labelledby="transfers-title">
                <h2 id="transfers-title" style={{ "margin-top": 0 }}>
                  Money sent to the flood
                </h2>
                <p class="small muted">
                  Your pool paid these to the flood. Record each one here so the flood counts it.
                </p>
                <ul class="list" aria-label="Transfers to record">
                  <For each={transfers()}>
                    {(t) => (
                      <li class="row">
                        <span class="grow">
                          {t.poolName}: <Money amount={-t.payout.amount} currency={s().currency} />
                        </span>
                        <button
                          type="button"
                          class="primary"
                          disabled={record.busy()}
                          onClick={() => void record.run(t.pool, t.payout.id)}
                        >
                          Record the transfer
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
                <ErrorText error={record.error()} />
              </section>
            </Show>
            <Show when={s().ledger.shortfall > 0}>
              <Notice kind="warn">
                Approved spending is <Money amount={s().ledger.shortfall} currency={s().currency} /> more than the flood
                holds. It waits until money comes in.
              </Notice>
            </Show>
            <section class="card" aria-labelledby="flood-link-title">
              <h2 id="flood-link-title" style={{ "margin-top": 0 }}>
                Invite another pool
              </h2>
              <label for="flood-link-out">Flood link</label>
              <input id="flood-link-out" readOnly value={link()} onFocus={(e) => e.currentTarget.select()} />
              <p class="small muted">
                Send it to a member of another pool. Their pool votes on joining; the link lets nobody in by itself.
              </p>
              <button type="button" onClick={() => void share()}>
                {copied() ? "Copied" : "Copy link"}
              </button>
            </section>
            <OpenProposals poolId={props.poolId} state={s()} me={v().me} now={v().now} />
          </>
        );
      }}
    </PoolFrame>
  );
}
