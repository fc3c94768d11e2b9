import { createSignal, Show } from "solid-js";
import { decodeFloodLink } from "../../../state/floodLink.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { amountOrError } from "../../money.ts";
import { href, navigate, route } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";
import { VotingHoursField } from "../VotingHoursField.tsx";

/** In a pool: propose joining a flood (kind flood.join) by its link, with the money the pool commits to it. */
export function JoinFlood(props: PoolScreenProps) {
  const [link, setLink] = createSignal(route().query.get("link") ?? "");
  const [amount, setAmount] = createSignal("");
  const [title, setTitle] = createSignal("");
  const [text, setText] = createSignal("");
  const [hours, setHours] = createSignal("");
  const floodName = () => {
    const d = decodeFloodLink(link());
    return d.ok ? props.app.pool(d.value.genesisId)?.state()?.name : undefined;
  };
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId)}
      title={() => "Join a flood"}
    >
      {(v) => {
        const submit = createAction(
          async () => {
            const read = amountOrError(amount(), v().state.currency);
            if (!read.ok) return read;
            const minor = read.value;
            const h = hours().trim() === "" ? undefined : Number(hours());
            return props.app.floods.proposeJoin(props.poolId, {
              link: link(),
              amount: minor,
              title: title() || `Join ${floodName() ?? "the flood"}`,
              text: text(),
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
            <p class="muted">
              The pool votes on joining. If it passes, the pool may pay up to the amount to the flood, and a member
              records the join in the flood.
            </p>
            <label for="flood-link-in">Flood link</label>
            <input id="flood-link-in" value={link()} onInput={(e) => setLink(e.currentTarget.value)} />
            <Show when={floodName()}>
              <p class="small">Flood: {floodName()}</p>
            </Show>
            <label for="flood-amount">Amount the pool commits ({v().state.currency})</label>
            <input
              id="flood-amount"
              inputmode="decimal"
              value={amount()}
              onInput={(e) => setAmount(e.currentTarget.value)}
            />
            <label for="flood-title">Title</label>
            <input
              id="flood-title"
              value={title()}
              placeholder="Join the flood"
              onInput={(e) => setTitle(e.currentTarget.value)}
              maxLength={200}
            />
            <label for="flood-text">Details</label>
            <textarea id="flood-text" value={text()} onInput={(e) => setText(e.currentTarget.value)} maxLength={2000} />
            <VotingHoursField id="flood-hours" rules={v().state.rules} value={hours()} onInput={setHours} />
            <ErrorText error={submit.error()} />
            <button class="primary wide" type="submit" disabled={submit.busy()} style={{ "margin-top": "1rem" }}>
              Propose joining
            </button>
          </form>
        );
      }}
    </PoolFrame>
  );
}

/** In a pool: propose leaving a flood it is in (kind flood.leave). */
export function LeaveFlood(props: PoolScreenProps & { floodId: string }) {
  const [text, setText] = createSignal("");
  const submit = createAction(
    () => props.app.floods.proposeLeave(props.poolId, props.floodId, { title: "", text: text() }),
    (id) => navigate(href("pool", props.poolId, "proposal", id), { replace: true }),
  );
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId)}
      title={() => "Leave the flood"}
    >
      {() => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run();
          }}
        >
          <p class="muted">
            Leaving {props.app.pool(props.floodId)?.state()?.name ?? "the flood"}: if the pool votes yes, it is owed its
            part of the flood's unspent money, in proportion to what it put in.
          </p>
          <label for="leave-text">Why</label>
          <textarea id="leave-text" value={text()} onInput={(e) => setText(e.currentTarget.value)} maxLength={2000} />
          <ErrorText error={submit.error()} />
          <button class="primary wide" type="submit" disabled={submit.busy()} style={{ "margin-top": "1rem" }}>
            Propose leaving
          </button>
        </form>
      )}
    </PoolFrame>
  );
}
