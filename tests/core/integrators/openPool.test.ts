/**
 * The integrator's surface (src/core/README.md): `openPool` from stored bytes, `withDefaults`,
 * `joinEvent` and `tryDerivePool`, refusing rather than throwing on a missing or refused genesis.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, test } from "vitest";
import {
  DEFAULT_RULES,
  decodeEvent,
  joinEvent,
  openPool,
  type SignedEvent,
  signEvent,
  tryDerivePool,
  withDefaults,
} from "../../../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../../../src/crypto/index.ts";
import { DAY, personKeys, World } from "../../helpers/world.ts";

const entries = (events: Iterable<SignedEvent>) => [...events].map((e) => ({ bytes: e.bytes, sig: e.sig }));

describe("openPool: from stored entries to the pool's state", () => {
  test("alice and bob's pool opens from bytes alone, with the same state derivePool gives", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const tents = await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" });
    await world.vote("bob", tents.id, "yes");
    const opened = await openPool(entries(world.events.values()), {
      sha256,
      verifier: await chooseVerifier(),
      now: world.now,
      genesisId: world.genesisId,
    });
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.value.state).toEqual(await world.derive());
    expect(opened.value.junk).toEqual([]);
    expect(opened.value.verified.size).toBe(world.events.size);
  });

  test("rules §3.7: junk is listed apart with its reason, and a member's refused event in the audit", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const outsider = await signEvent(
      {
        pool: world.genesisId,
        type: "proposal.created",
        by: world.id("mallory"),
        at: world.now,
        parents: [world.genesisId],
        data: { kind: "decision", title: "Give mallory the money", text: "", closesAt: world.now + 7 * DAY },
      },
      personKeys("mallory").signer,
      sha256,
    );
    const opened = await openPool(
      [
        ...entries(world.events.values()),
        ...entries([outsider]),
        { bytes: new Uint8Array([1, 2]), sig: new Uint8Array(64) },
      ],
      {
        sha256,
        verifier: await chooseVerifier(),
        now: world.now,
      },
    );
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.value.junk.map((j) => j.reason).sort()).toEqual(["not-in-pool", "not-json"]);
    expect(opened.value.state.proposals[outsider.id]).toBeUndefined();
  });

  test("rules §3.1: without the genesis, or with a forged one, openPool refuses instead of throwing", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const [genesis, ...rest] = [...world.events.values()];
    const options = { sha256, verifier: await chooseVerifier(), now: world.now, genesisId: world.genesisId };
    const missing = await openPool(entries(rest), options);
    expect(missing).toMatchObject({ ok: false, reason: "genesis-missing" });
    const forged = await openPool(
      [{ bytes: genesis!.bytes, sig: new Uint8Array(64).fill(3) }, ...entries(rest)],
      options,
    );
    expect(forged).toMatchObject({ ok: false, reason: "genesis-refused" });
  });

  test("tryDerivePool refuses a missing or unverified genesis", async () => {
    const world = await World.withMembers(["alice"]);
    const decoded = [...world.events.values()].map((e) => {
      const r = decodeEvent(e.id, e, sha256);
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    });
    expect(
      tryDerivePool({ genesisId: "x".repeat(43), events: decoded, verified: new Set(), now: world.now }),
    ).toMatchObject({
      ok: false,
      reason: "genesis-missing",
    });
    expect(
      tryDerivePool({ genesisId: world.genesisId, events: decoded, verified: new Set(), now: world.now }),
    ).toMatchObject({ ok: false, reason: "genesis-refused" });
  });
});

describe("withDefaults and joinEvent", () => {
  test("rules §4.1: withDefaults fills every rule not given, and refuses one out of bounds or unknown", () => {
    expect(withDefaults({ quorum: 30 })).toEqual({ ok: true, value: { ...DEFAULT_RULES, quorum: 30 } });
    expect(withDefaults({ quorum: 130 })).toMatchObject({ ok: false, reason: "bad-rule-value" });
    expect(withDefaults({ weight: 2 } as never)).toMatchObject({ ok: false, reason: "bad-rule-value" });
    expect(withDefaults({ confirmBy: "treasurer" })).toMatchObject({ ok: false, reason: "bad-rule-value" });
  });

  test("rules §4.5: carol's join built by joinEvent is valid and, once admitted, makes her a member", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const inviteSecret = sha256(new TextEncoder().encode("carol's invite"));
    const invite = await world.add("alice", "member.invited", {
      invitePublicKey: Buffer.from(ed25519.getPublicKey(inviteSecret)).toString("base64url"),
      expiresAt: world.now + 7 * DAY,
      maxUses: 1,
    });
    const carol = personKeys("carol");
    const join = await joinEvent(
      { pool: world.genesisId, invite: invite.id, inviteSigner: signerFromSecretKey(inviteSecret) },
      carol.signer,
      { name: "Carol", bylawsHash: "h".repeat(43), at: world.tick(1000) },
      sha256,
    );
    expect(join.body.parents).toEqual([invite.id]);
    world.events.set(join.id, join);
    const admitted = await world.add("bob", "member.admitted", { join: join.id }, { parents: [join.id] });
    const opened = await openPool(entries(world.events.values()), {
      sha256,
      verifier: await chooseVerifier(),
      now: world.now,
      genesisId: world.genesisId,
    });
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.value.refused).toEqual([]);
    expect(opened.value.state.activeMembers).toContain(carol.id);
    expect(admitted.body.data).toEqual({ join: join.id });
  });
});
