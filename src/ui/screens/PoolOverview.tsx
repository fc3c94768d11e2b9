import { Show } from "solid-js";
import { needsSeal, sealsToConfirm } from "../../core/index.ts";
import { awaitingMyVote, isActiveMember } from "../../state/selectors.ts";
import { Money } from "../components/Money.tsx";
import { Figure, MoneyFigures } from "../components/MoneyFigures.tsx";
import { Notice } from "../components/Notice.tsx";
import { plural } from "../format.ts";
import { href } from "../router.ts";
import { DuesReminder } from "./Dues.tsx";
import { PoolFloods } from "./floods/PoolFloods.tsx";
import { OpenProposals } from "./OpenProposals.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";
import { DissolutionNotice } from "./papers/DissolutionNotice.tsx";
import { RoundsUnderWay } from "./rounds/RoundLinks.tsx";

/** Balance, what is free and what is committed, the members, and open proposals with time left. */
export function PoolOverview(props: PoolScreenProps) {
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="" back="#/" title={(s) => s.name}>
      {(v) => {
        const s = () => v().state;
        const _mine = () => new Set(awaitingMyVote(s(), v().me).map((p) => p.id));
        const toSeal = () => Object.values(s().proposals).filter((p) => needsSeal(p, v().now));
        const toConfirm = () => sealsToConfirm(s(), v().me, v().now);
        const flagged = () => s().ledger.entries.filter((e) => e.notAuthorised && e.status === "confirmed").length;
        const standing = () => s().members[v().me]?.status;
        const waitingAdmission = () => s().pendingJoins.some((j) => j.member === v().me);
        const myInviteUsedUp = () => {
          const join = s().pendingJoins.find((j) => j.member === v().me);
          const invite = join ? s().invites[join.invite] : undefined;
          return invite !== undefined && invite.admittedJoins.length >= invite.maxUses;
        };
        // Everyone, the founder included, is asked for the buy-in until it is paid and confirmed.
        const buyInDue = () => {
          const m = s().members[v().me];
          if (!isActiveMember(s(), v().me) || !m || m.buyInMet || s().rules.buyIn <= 0) return 0;
          return Math.max(0, s().rules.buyIn - m.buyInHeld);
        };
        const buyInWaiting = () =>
          s().ledger.entries.some(
            (e) =>
              e.status === "awaiting-confirmation" &&
              e.contribution?.kind === "buy-in" &&
              "member" in e.contribution.from &&
              e.contribution.from.member === v().me,
          );
        return (
          <>
            <Show when={s().purpose}>
              <p class="muted">{s().purpose}</p>
            </Show>
            <Show when={waitingAdmission()}>
              <Notice kind="warn">
                You asked to join.{" "}
                {s().rules.admission !== "auto"
                  ? "A member will admit you."
                  : myInviteUsedUp()
                    ? "The invite link you used was already used up, so no phone admits you automatically: ask a member for a new link."
                    : "A member's phone admits you as soon as it sees your request."}{" "}
                Until then you can look around but not vote.
              </Notice>
            </Show>
            <DuesReminder state={s()} me={v().me} poolId={props.poolId} />
            <Show when={buyInDue() > 0}>
              <Notice kind="warn">
                <span data-testid="buy-in-due">
                  {buyInWaiting()
                    ? "Your buy-in is recorded and waits for another member to confirm it. You can vote once it is confirmed."
                    : "Your buy-in is not paid yet: "}
                </span>
                <Show when={!buyInWaiting()}>
                  <Money amount={buyInDue()} currency={s().currency} />. You can vote once it is recorded and another
                  member confirms it.{" "}
                  <a class="button primary" href={`${href("pool", props.poolId, "ledger")}?contribute=buy-in`}>
                    Record my buy-in
                  </a>
                </Show>
              </Notice>
            </Show>
            <Show when={standing() === "left" || standing() === "removed"}>
              <Notice>You are no longer a member of this pool. You can still read its records.</Notice>
            </Show>
            <DissolutionNotice state={s()} poolId={props.poolId} />
            <MoneyFigures state={s()} balanceTestId="balance" committed>
              <Figure label="Members">{s().activeMembers.length}</Figure>
            </MoneyFigures>
            <Show when={s().ledger.shortfall > 0}>
              <Notice kind="warn">
                Approved spending and refunds owed are <Money amount={s().ledger.shortfall} currency={s().currency} />{" "}
                more than the pool holds. They wait until money comes in.
              </Notice>
            </Show>
            <Show when={flagged() > 0}>
              <Notice kind="error">
                {plural(flagged(), "ledger entry", "ledger entries")} moved money the group did not approve.{" "}
                <a href={href("pool", props.poolId, "ledger")}>See the ledger</a>.
              </Notice>
            </Show>
            <Show when={isActiveMember(s(), v().me) && s().activeMembers.length === 1}>
              <Notice>
                A pool of one cannot decide anything yet.{" "}
                <a href={href("pool", props.poolId, "members")}>Invite a second member</a>.
              </Notice>
            </Show>
            <Show when={toSeal().length + toConfirm().length > 0}>
              <Notice kind="warn">
                {toSeal().length > 0 ? `${plural(toSeal().length, "result")} can be sealed. ` : ""}
                {toConfirm().length > 0 ? `${plural(toConfirm().length, "result")} waits for your confirmation. ` : ""}
                <a href={href("pool", props.poolId, "proposals")}>Open proposals</a>.
              </Notice>
            </Show>
            <RoundsUnderWay state={s()} poolId={props.poolId} me={v().me} now={v().now} />
            <PoolFloods app={props.app} poolId={props.poolId} />
            <OpenProposals poolId={props.poolId} state={s()} me={v().me} now={v().now} />
          </>
        );
      }}
    </PoolFrame>
  );
}
