import { createSignal, For, Match, Show, Switch } from "solid-js";
import type { ProposalKind, ProposalSpec, Rules } from "../../core/index.ts";
import { memberName, payableSpends } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { Money } from "../components/Money.tsx";
import { ErrorText } from "../components/Notice.tsx";
import { amountOrError } from "../money.ts";
import { href, navigate, route } from "../router.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";
import { createDissolveDraft, DissolveFields } from "./papers/DissolveFields.tsx";
import { createPollDraft, PollFields } from "./polls/PollFields.tsx";
import { KIND_LABEL } from "./proposalText.ts";
import { RuleFields } from "./RuleFields.tsx";
import { createRoundDraft, RoundFields } from "./rounds/RoundFields.tsx";
import { VotingHoursField } from "./VotingHoursField.tsx";

const KINDS: ProposalKind[] = [
  "decision",
  "poll",
  "spend",
  "round",
  "cancel-spend",
  "rules",
  "remove-member",
  "dissolve",
];
/** A flood has no members of its own to remove and no budget rounds (the core refuses both there). */
const FLOOD_KINDS: ProposalKind[] = ["decision", "spend", "cancel-spend", "rules"];

/** Create any kind of proposal. A rules change is made only this way. */
export function NewProposal(props: PoolScreenProps) {
  const kinds = () => (props.app.floods.isFlood(props.poolId) ? FLOOD_KINDS : KINDS);
  const initialKind = (route().query.get("kind") as ProposalKind | null) ?? "decision";
  const [kind, setKind] = createSignal<ProposalKind>(kinds().includes(initialKind) ? initialKind : "decision");
  const [title, setTitle] = createSignal("");
  const [text, setText] = createSignal("");
  const [amount, setAmount] = createSignal("");
  const [payee, setPayee] = createSignal("");
  const [spend, setSpend] = createSignal("");
  const [member, setMember] = createSignal(route().query.get("member") ?? "");
  const [changes, setChanges] = createSignal<Partial<Rules>>({});
  const [hours, setHours] = createSignal("");
  const poll = createPollDraft();
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId, "proposals")}
      title={() => "New proposal"}
    >
      {(v) => {
        const s = () => v().state;
        const spendable = () => payableSpends(s());
        const round = createRoundDraft(s().rules.votingDays);
        const dissolve = createDissolveDraft();
        // A spend for more than the pool has free is warned before it is published, not after it passed.
        const beyond = () => {
          if (kind() !== "spend") return undefined;
          const read = amountOrError(amount(), s().currency);
          return read.ok && read.value > s().ledger.available
            ? { amount: read.value, available: s().ledger.available }
            : undefined;
        };
        const submit = createAction(
          async () => {
            let spec: ProposalSpec;
            switch (kind()) {
              case "spend": {
                const read = amountOrError(amount(), s().currency);
                if (!read.ok) return read;
                const minor = read.value;
                spec = { kind: "spend", amount: minor, payee: payee(), purpose: text().trim() };
                break;
              }
              case "cancel-spend":
                if (!spend()) return { ok: false as const, error: "Pick the spend to cancel." };
                spec = { kind: "cancel-spend", spend: spend() };
                break;
              case "rules":
                spec = { kind: "rules", changes: changes() };
                break;
              case "round": {
                const r = round.spec(s().currency);
                if (!r.ok) return r;
                spec = r.spec;
                break;
              }
              case "poll": {
                const r = poll.spec();
                if (!r.ok) return r;
                spec = r.spec;
                break;
              }
              case "remove-member":
                if (!member()) return { ok: false as const, error: "Pick the member to remove." };
                spec = { kind: "remove-member", member: member() };
                break;
              case "dissolve": {
                const d = dissolve.spec();
                if (!d.ok) return d;
                spec = d.spec;
                break;
              }
              default:
                spec = { kind: "decision" };
            }
            const h = hours().trim() === "" ? undefined : Number(hours());
            return v().actions.propose({
              // A poll's question is its title unless the author gives another.
              title: kind() === "poll" && title().trim() === "" ? poll.question() : title(),
              text: text(),
              spec,
              ...(h === undefined ? {} : { openHours: h }),
            });
          },
          (id) => navigate(href("pool", props.poolId, "proposal", id), { replace: true }),
        );
        return (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit.run();
            }}
          >
            <label for="proposal-kind">Kind of proposal</label>
            <select id="proposal-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as ProposalKind)}>
              <For each={kinds()}>{(k) => <option value={k}>{KIND_LABEL[k]}</option>}</For>
            </select>
            <label for="proposal-title">
              Title
              <Show when={kind() === "poll"}>
                <span class="hint">Leave empty to use the question.</span>
              </Show>
            </label>
            <input
              id="proposal-title"
              value={title()}
              onInput={(e) => setTitle(e.currentTarget.value)}
              maxLength={200}
              placeholder={kind() === "spend" ? "Buy two tents" : ""}
            />
            <Switch>
              <Match when={kind() === "spend"}>
                <label for="spend-amount">Amount ({s().currency})</label>
                <input
                  id="spend-amount"
                  inputmode="decimal"
                  value={amount()}
                  onInput={(e) => setAmount(e.currentTarget.value)}
                />
                <label for="spend-payee">Who will be paid</label>
                <input
                  id="spend-payee"
                  value={payee()}
                  onInput={(e) => setPayee(e.currentTarget.value)}
                  maxLength={200}
                />
              </Match>
              <Match when={kind() === "poll"}>
                <PollFields draft={poll} />
              </Match>
              <Match when={kind() === "round"}>
                <RoundFields state={s()} draft={round} />
              </Match>
              <Match when={kind() === "cancel-spend"}>
                <label for="cancel-spend">Spend to cancel</label>
                <select id="cancel-spend" value={spend()} onChange={(e) => setSpend(e.currentTarget.value)}>
                  <option value="">Pick a spend</option>
                  <For each={spendable()}>{(p) => <option value={p.id}>{p.title}</option>}</For>
                </select>
                <Show when={spendable().length === 0}>
                  <p class="small muted">There is no approved spend with money left to pay.</p>
                </Show>
              </Match>
              <Match when={kind() === "rules"}>
                <RuleFields
                  rules={s().rules}
                  currency={s().currency}
                  members={s().activeMembers.map((m) => ({ id: m, name: memberName(s(), m, v().me) }))}
                  onChange={setChanges}
                />
              </Match>
              <Match when={kind() === "dissolve"}>
                <DissolveFields state={s()} draft={dissolve} />
              </Match>
              <Match when={kind() === "remove-member"}>
                <label for="remove-member">Member to remove</label>
                <select id="remove-member" value={member()} onChange={(e) => setMember(e.currentTarget.value)}>
                  <option value="">Pick a member</option>
                  <For each={s().activeMembers.filter((m) => m !== v().me)}>
                    {(m) => <option value={m}>{memberName(s(), m)}</option>}
                  </For>
                </select>
                <p class="small muted">The member named does not vote on this proposal.</p>
              </Match>
            </Switch>
            <label for="proposal-text">{kind() === "spend" ? "What it is for" : "Details"}</label>
            <textarea
              id="proposal-text"
              value={text()}
              onInput={(e) => setText(e.currentTarget.value)}
              maxLength={2000}
            />
            <VotingHoursField id="proposal-hours" rules={s().rules} value={hours()} onInput={setHours} />
            <Show when={beyond()}>
              {(b) => (
                <div class="notice warn" role="alert">
                  The pool has <Money amount={b().available} currency={s().currency} /> available; this spend asks for{" "}
                  <Money amount={b().amount} currency={s().currency} />. It can still pass, but it is paid only once the
                  money is there.
                </div>
              )}
            </Show>
            <ErrorText error={submit.error()} />
            <button class="primary wide" type="submit" disabled={submit.busy()} style={{ "margin-top": "1rem" }}>
              {beyond() ? "Publish anyway" : "Publish proposal"}
            </button>
          </form>
        );
      }}
    </PoolFrame>
  );
}
