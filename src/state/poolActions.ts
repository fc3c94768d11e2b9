/**
 * The commands of one open pool, bound to it: what a pool's screens call. Each builds its event
 * with the core's helpers, signs it, lets the core judge it, and only then writes it.
 */
import { type BallotChoice, type EventId, ledgerCsv, type MemberId } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { PoolDeps } from "../sync/index.ts";
import { exportPoolFile, importIntoPool } from "../sync/index.ts";
import { addBallot, checkAndAddBallot, myBallot } from "./ballots.ts";
import {
  type ContributionDraft,
  confirmEntry,
  type PayoutDraft,
  recordContribution,
  recordPayout,
  refund,
  reverse,
} from "./commands/ledger.ts";
import { admit, createInvite, type InviteOptions, leave, revokeInvite } from "./commands/membership.ts";
import {
  castVote,
  comment,
  confirmSeal,
  type ProposalDraft,
  propose,
  restoreMyVote,
  seal,
  withdraw,
} from "./commands/proposals.ts";
import { roundActions } from "./commands/rounds.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import { minorDigitsOf } from "./minorDigits.ts";
import { poolFileBytes } from "./poolFileBytes.ts";
import type { PoolModel } from "./poolModel.ts";

export type PoolActions = ReturnType<typeof poolActions>;

export function poolActions(model: PoolModel, opts: { base: () => string; now: () => number; deps: PoolDeps }) {
  const ctx = model.ctx;
  return {
    createInvite: (o?: InviteOptions) => createInvite(ctx, opts.base(), o),
    revokeInvite: (invite: EventId) => revokeInvite(ctx, invite),
    admit: (join: EventId) => admit(ctx, join),
    leave: () => leave(ctx),
    propose: (draft: ProposalDraft) => propose(ctx, draft),
    castVote: (proposal: EventId, choice: BallotChoice, reason?: string) => castVote(ctx, proposal, choice, reason),
    withdraw: (proposal: EventId) => withdraw(ctx, proposal),
    comment: (proposal: EventId, text: string) => comment(ctx, proposal, text),
    seal: (proposal: EventId) => seal(ctx, proposal),
    confirmSeal: (proposal: EventId) => confirmSeal(ctx, proposal, Date.now()),
    /** Puts back my own vote that a confirmed seal left out. */
    restoreMyVote: (proposal: EventId) => restoreMyVote(ctx, proposal, Date.now()),
    recordContribution: (d: ContributionDraft) => recordContribution(ctx, d),
    confirmEntry: (entry: EventId) => confirmEntry(ctx, entry),
    recordPayout: (d: PayoutDraft) => recordPayout(ctx, d),
    refund: (d: { member: MemberId; amount: number; memo: string }) => refund(ctx, d),
    reverse: (entry: EventId, memo: string) => reverse(ctx, entry, memo),
    /** Budget rounds: buckets, allocations, the round's seal and its confirmation. */
    rounds: roundActions(ctx),
    /** My latest ballot on a proposal as text (for its QR code), or undefined before I vote. */
    ballot: (proposal: EventId) => {
      const me = ctx.me();
      model.state(); // re-read after my vote lands
      return me ? myBallot(model.session, proposal, me.id) : undefined;
    },
    /** Adds a ballot scanned from another phone, after the core checks it. */
    addBallot: (text: string) => addBallot(model.session, opts.deps, text, ctx.me()?.id ?? ""),
    /** A ballot scanned on the Collect ballots screen of one proposal: counted, already counted, or refused and why. */
    collectBallot: (text: string, proposal: EventId) =>
      checkAndAddBallot(model.session, opts.deps, text, ctx.me()?.id ?? "", proposal),
    /** The whole ledger as CSV text, with statuses and flags. */
    exportCsv(): string {
      const s = model.state();
      if (!s) return "";
      return ledgerCsv(s.ledger, s.members, s.currency, minorDigitsOf(s.currency));
    },
    /** Every event this phone holds for the pool, as one file to carry to a phone with no network. */
    exportPoolFile(): Promise<Uint8Array> {
      return exportPoolFile(model.session, sha256);
    },
    async importPoolFile(
      file: Blob,
    ): Promise<CommandResult<{ added: number; refused: number; unreadable: number; changed: number }>> {
      try {
        const bytes = await poolFileBytes(file);
        if (!bytes.ok) return bytes;
        const r = await importIntoPool(model.session, bytes.value, opts.deps);
        if (!r.ok) return failed(explain(r));
        return done({
          added: r.value.written.length,
          refused: r.value.refused.length,
          unreadable: r.value.unreadable,
          changed: r.value.changed,
        });
      } catch (error) {
        return unexpected(error);
      }
    },
  };
}
