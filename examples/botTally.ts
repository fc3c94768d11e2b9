/**
 * A bot's whole life with a pool, using only the core (`src/core`) and a crypto backend
 * (`src/crypto`): alice founds a pool, invites bob, bob joins, alice admits him, alice proposes,
 * both vote, and the bot opens the pool from the stored entries and prints the tally.
 *
 *   npx tsx examples/botTally.ts
 *
 * Keys are derived from fixed words so every run prints the same thing; a real bot keeps its
 * secret key safe and reads the clock for `at` and `now`. The rules are in docs/rules.md.
 */
import {
  bylawsHash,
  type EventId,
  joinEvent,
  openPool,
  renderBylaws,
  type SignedEvent,
  signEvent,
  toBase64url,
  withDefaults,
} from "../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../src/crypto/index.ts";

const HOUR = 3_600_000;
const keyOf = (word: string) => signerFromSecretKey(sha256(new TextEncoder().encode(word)));
const alice = keyOf("example alice");
const bob = keyOf("example bob");
const idOf = (signer: { publicKey: Uint8Array }) => toBase64url(signer.publicKey);

const stored: SignedEvent[] = [];
let clock = Date.UTC(2026, 5, 1, 18);
const at = () => (clock += 1_000);

// 1. alice founds the pool. `withDefaults` fills in every rule she does not set.
const rules = withDefaults({ minVotingHours: 0 });
if (!rules.ok) throw new Error(`rules refused: ${rules.reason}`);
const pool = { name: "Hiking Club Pool", purpose: "Gear and trips", currency: "USD", rules: rules.value };
const genesis = await signEvent(
  { pool: "", type: "pool.created", by: idOf(alice), at: at(), parents: [], data: { ...pool, bylawsVersion: 1 } },
  alice,
  sha256,
);
stored.push(genesis);
const poolId: EventId = genesis.id;

// 2. alice invites: the invite's secret half travels in the link, never in the pool.
const inviteKey = keyOf("example invite");
const invite = await signEvent(
  {
    pool: poolId,
    type: "member.invited",
    by: idOf(alice),
    at: at(),
    parents: [poolId],
    data: { invitePublicKey: idOf(inviteKey), expiresAt: clock + 7 * 24 * HOUR, maxUses: 1 },
  },
  alice,
  sha256,
);
stored.push(invite);

// 3. bob joins with the link; `joinEvent` adds the proof that he holds the invite's secret.
const join = await joinEvent(
  { pool: poolId, invite: invite.id, inviteSigner: inviteKey },
  bob,
  { name: "Bob", bylawsHash: bylawsHash(renderBylaws(pool), sha256), at: at() },
  sha256,
);
stored.push(join);

// 4. alice admits him (an app under `admission: auto` does this by itself).
const admitted = await signEvent(
  { pool: poolId, type: "member.admitted", by: idOf(alice), at: at(), parents: [join.id], data: { join: join.id } },
  alice,
  sha256,
);
stored.push(admitted);

// 5. alice proposes; both vote. A vote's only parent is its proposal.
const proposal = await signEvent(
  {
    pool: poolId,
    type: "proposal.created",
    by: idOf(alice),
    at: at(),
    parents: [admitted.id],
    data: { kind: "decision", title: "Buy two tents", text: "For the spring trip.", closesAt: clock + 48 * HOUR },
  },
  alice,
  sha256,
);
stored.push(proposal);
for (const [voter, choice] of [
  [alice, "yes"],
  [bob, "yes"],
] as const) {
  stored.push(
    await signEvent(
      {
        pool: poolId,
        type: "vote.cast",
        by: idOf(voter),
        at: at(),
        parents: [proposal.id],
        data: { proposal: proposal.id, choice },
      },
      voter,
      sha256,
    ),
  );
}

// 6. The bot holds only bytes: { bytes, sig } per entry. `openPool` decodes, verifies and derives.
const opened = await openPool(
  stored.map((e) => ({ bytes: e.bytes, sig: e.sig })),
  { sha256, verifier: await chooseVerifier(), now: clock + HOUR, genesisId: poolId },
);
if (!opened.ok) throw new Error(`pool refused: ${opened.reason}`);
const { state, refused, junk } = opened.value;
const p = state.proposals[proposal.id];
if (p === undefined) throw new Error("the proposal is missing");

console.log(`pool: ${state.name} (${state.activeMembers.length} members)`);
console.log(`proposal: ${p.title} — ${p.status}`);
console.log(`tally: yes ${p.tally.yes}, no ${p.tally.no}, abstain ${p.tally.abstain} of ${p.tally.electorate}`);
console.log(`result: ${p.tally.passed ? "passes" : `fails (${p.tally.failReason})`}`);
console.log(`refused: ${refused.length}, junk: ${junk.length}`);
