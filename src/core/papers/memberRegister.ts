import { bylawsHash, renderBylaws } from "../bylaws/renderBylaws.ts";
import type { EventId, MemberId } from "../events/types.ts";
import type { Sha256 } from "../identity/cryptoPorts.ts";
import { cell, minorToDecimal } from "../ledger/ledgerCsv.ts";
import type { MemberStatus, PoolState } from "../pool/poolState.ts";
import type { PaperDoc, PaperFormat } from "./paperDoc.ts";

/** One line of the register: one stint of one member (a member who left and rejoined has two). */
export interface RegisterRow {
  member: MemberId;
  name: string;
  /** 1 for a first membership, 2 after a rejoin, … */
  stint: number;
  stints: number;
  status: MemberStatus;
  founder: boolean;
  joinedAt: number;
  admittedAt: number;
  /** Name of the member who admitted them (empty for the founder). */
  admittedBy: string;
  invitedBy: string;
  leftAt?: number;
  /** "left" (their own leave) or "removed" (a passed proposal). */
  ended?: "left" | "removed";
  /** The member's confirmed totals across all stints (minor units). */
  buyInPaid: number;
  duesPaid: number;
  bylawsVersion: number;
  /** The hash of the bylaws text accepted: from the join, or of the founding bylaws for the founder. */
  bylawsHash: string;
  /** The hash is that of the bylaws in force when they joined, as this device renders them. */
  bylawsMatch: boolean;
  /** The event that records the acceptance (their join, or the genesis), signed by the member's key. */
  acceptedIn: EventId;
  /** The key that signed it: the member id is the Ed25519 public key. */
  signedBy: MemberId;
}

const nameOf = (state: PoolState, id: MemberId | undefined) => (id ? (state.members[id]?.name ?? id) : "");

/**
 * The member register (docs/rules.md "Membership"): every member past and present, each stint in
 * the order admitted. Only events whose signature verified count, so every acceptance listed is
 * signed by the member's own key.
 */
export function memberRegister(state: PoolState, sha256: Sha256, minorDigits = 2): RegisterRow[] {
  const rows: RegisterRow[] = [];
  for (const m of Object.values(state.members)) {
    m.stints.forEach((s, i) => {
      const treasurerNames = s.rulesShown.treasurers.map((t) => nameOf(state, t));
      const text = renderBylaws(
        {
          name: state.name,
          purpose: state.purpose,
          currency: state.currency,
          rules: s.rulesShown,
          treasurerNames,
          minorDigits,
        },
        state.bylawsVersion,
      );
      const shown = bylawsHash(text, sha256);
      const row: RegisterRow = {
        member: m.id,
        name: s.name,
        stint: i + 1,
        stints: m.stints.length,
        status: i === m.stints.length - 1 ? m.status : s.removed ? "removed" : "left",
        founder: s.join === undefined,
        joinedAt: s.joinedAt,
        admittedAt: s.admittedAt,
        admittedBy: nameOf(state, s.admittedBy),
        invitedBy: nameOf(state, s.invitedBy),
        buyInPaid: m.contributed["buy-in"],
        duesPaid: m.contributed.dues,
        bylawsVersion: state.bylawsVersion,
        bylawsHash: s.bylawsHash ?? shown,
        bylawsMatch: (s.bylawsHash ?? shown) === shown,
        acceptedIn: s.join ?? s.admission,
        signedBy: m.id,
      };
      if (s.leftAt !== undefined) {
        row.leftAt = s.leftAt;
        row.ended = s.removed ? "removed" : "left";
      }
      rows.push(row);
    });
  }
  return rows.sort((a, b) => a.admittedAt - b.admittedAt || (a.member < b.member ? -1 : 1));
}

const iso = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString());

/** The register as CSV (the ledger export's quoting: RFC 4180, formulas defused). */
export function registerCsv(rows: readonly RegisterRow[], currency: string, digits = 2): string {
  const header = [
    "name",
    "member id (public key)",
    "stint",
    "status",
    "joined",
    "admitted",
    "admitted by",
    "invited by",
    "left",
    "how it ended",
    "buy-in paid (member total)",
    "dues paid (member total)",
    "currency",
    "bylaws version",
    "bylaws hash",
    "hash matches bylaws in force at joining",
    "accepted in event",
    "signed by key",
  ];
  const lines = rows.map((r) => [
    r.name,
    r.member,
    `${r.stint} of ${r.stints}`,
    r.status,
    iso(r.joinedAt),
    iso(r.admittedAt),
    r.founder ? "(founder)" : r.admittedBy,
    r.invitedBy,
    iso(r.leftAt),
    r.ended ?? "",
    minorToDecimal(r.buyInPaid, digits),
    minorToDecimal(r.duesPaid, digits),
    currency,
    r.bylawsVersion,
    r.bylawsHash,
    r.bylawsMatch ? "yes" : "no",
    r.acceptedIn,
    r.signedBy,
  ]);
  return `${[header, ...lines].map((l) => l.map(cell).join(",")).join("\r\n")}\r\n`;
}

const STATUS_TEXT: Record<MemberStatus, string> = {
  active: "Member",
  "awaiting-admission": "Awaiting admission",
  left: "Left",
  removed: "Removed",
};

/** The register, ready to print. */
export function registerDoc(state: PoolState, rows: readonly RegisterRow[], f: PaperFormat): PaperDoc {
  return {
    title: `Member register of ${state.name}`,
    blocks: [
      { kind: "h1", text: `Member register of ${state.name}` },
      {
        kind: "p",
        text: `Every member past and present, one line per membership (a member who left and rejoined appears once for each time). Buy-in and dues are each member's confirmed totals in ${state.currency}. Each acceptance of the bylaws is an event signed by the member's own key (their member id is that public key); only events whose signature verified are listed.`,
      },
      {
        kind: "table",
        caption: "Members",
        head: [
          "Name",
          "Status",
          "Joined",
          "Admitted (by)",
          "Left",
          "Buy-in",
          "Dues",
          "Bylaws accepted",
          "Signed by key",
        ],
        rows: rows.map((r) => [
          r.stints > 1 ? `${r.name} (${r.stint} of ${r.stints})` : r.name,
          r.founder && r.stint === 1 ? `${STATUS_TEXT[r.status]}, founder` : STATUS_TEXT[r.status],
          f.date(r.joinedAt),
          r.founder ? `${f.date(r.admittedAt)} (founded the pool)` : `${f.date(r.admittedAt)} (${r.admittedBy})`,
          r.leftAt === undefined ? "" : `${f.date(r.leftAt)}${r.ended === "removed" ? " (removed)" : ""}`,
          f.money(r.buyInPaid),
          f.money(r.duesPaid),
          `v${r.bylawsVersion}, ${r.bylawsHash}${r.bylawsMatch ? "" : " (not the text in force then)"}`,
          r.signedBy,
        ]),
      },
    ],
  };
}
