import { describe, expect, it } from "vitest";
import { DAY, dataOf, World } from "../../helpers/world.ts";

/** docs/rules.md §4.3: invites, joins, admissions, leaving and rejoining. */
describe("membership stories", () => {
  describe("founding and inviting", () => {
    it("pool.created: the founder is the first and only member, with the default rules", async () => {
      const w = await World.found("alice");
      const s = await w.derive();
      expect(s.founder).toBe(w.id("alice"));
      expect(s.activeMembers).toEqual([w.id("alice")]);
      expect(s.members[w.id("alice")]).toMatchObject({ status: "active", isFounder: true });
      expect(s.rules).toMatchObject({ threshold: 50, quorum: 50, admission: "auto", confirmBy: "another-member" });
    });

    it("member.invited: the invite is listed with its expiry and use limit, and no uses yet", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { maxUses: 3, expiresIn: 2 * DAY });
      const s = await w.derive();
      expect(s.invites[invite.id]).toMatchObject({
        by: w.id("alice"),
        maxUses: 3,
        expiresAt: invite.body.at + 2 * DAY,
        revoked: false,
        joins: [],
        admittedJoins: [],
      });
    });

    it("member.joined: a join alone makes no member; bob waits in pendingJoins until admitted", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice");
      const join = await w.join("bob", invite.id);
      const s = await w.derive();
      expect(s.activeMembers).toEqual([w.id("alice")]);
      expect(s.pendingJoins).toMatchObject([{ join: join.id, member: w.id("bob"), invitedBy: w.id("alice") }]);
    });

    it("member.admitted: bob's admission makes him an active member invited by alice", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice");
      const join = await w.join("bob", invite.id);
      await w.admit("alice", join.id);
      const s = await w.derive();
      expect(s.activeMembers).toEqual([w.id("alice"), w.id("bob")].sort());
      expect(s.members[w.id("bob")]).toMatchObject({ status: "active", invitedBy: w.id("alice"), joinEvent: join.id });
      expect(s.pendingJoins).toEqual([]);
    });

    it("member.invited: an invite whose expiry is not after its own date is refused (bad-data)", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { expiresIn: 0 });
      const s = await w.derive();
      expect(World.refusal(s, invite.id)).toBe("bad-data");
    });
  });

  describe("joining on an expired or used invite", () => {
    it("invite expiry: a join dated after the expiry is refused (invite-expired)", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { expiresIn: 2 * DAY });
      w.tick(2 * DAY + 1);
      const join = await w.join("bob", invite.id);
      const s = await w.derive();
      expect(World.refusal(s, join.id)).toBe("invite-expired");
      expect(s.pendingJoins).toEqual([]);
    });

    it("invite expiry: a join dated exactly at the expiry still counts", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { expiresIn: 2 * DAY });
      const join = await w.join("bob", invite.id, { at: dataOf(invite, "member.invited").expiresAt });
      const s = await w.derive();
      expect(World.refusal(s, join.id)).toBeUndefined();
      expect(s.pendingJoins.map((j) => j.join)).toEqual([join.id]);
    });

    it("use limit: a join on a used-up one-use invite is recorded but not admitted; the invite shows it is used", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { maxUses: 1 });
      const bobJoin = await w.join("bob", invite.id);
      await w.admit("alice", bobJoin.id);
      // carol found the same link later: her join is valid, but an app admits only under the use limit
      const carolJoin = await w.join("carol", invite.id);
      const s = await w.derive();
      expect(World.refusal(s, carolJoin.id)).toBeUndefined();
      expect(s.invites[invite.id]).toMatchObject({ joins: [bobJoin.id, carolJoin.id], admittedJoins: [bobJoin.id] });
      expect(s.pendingJoins.map((j) => j.member)).toEqual([w.id("carol")]);
      expect(s.activeMembers).not.toContain(w.id("carol"));
    });

    it("use limit: two joins on a one-use invite admitted concurrently both count, and the extra use is shown", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { maxUses: 1 });
      const bobJoin = await w.join("bob", invite.id);
      const carolJoin = await w.join("carol", invite.id, { parents: [invite.id] });
      // two devices each admit the join they see, neither seeing the other's admission
      const admitBob = await w.admit("alice", bobJoin.id, { parents: [bobJoin.id] });
      const admitCarol = await w.admit("alice", carolJoin.id, { parents: [carolJoin.id] });
      const s = await w.derive();
      expect(s.audit).toEqual([]);
      expect(s.activeMembers).toEqual([w.id("alice"), w.id("bob"), w.id("carol")].sort());
      const second = s.order.indexOf(admitBob.id) < s.order.indexOf(admitCarol.id) ? carolJoin.id : bobJoin.id;
      expect(s.extraInviteUses).toEqual([{ invite: invite.id, join: second }]);
    });

    it("use limit: a three-use invite admits three joins with no extra use", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice", { maxUses: 3 });
      for (const name of ["bob", "carol", "dave"]) {
        const join = await w.join(name, invite.id);
        await w.admit("alice", join.id);
      }
      const s = await w.derive();
      expect(s.activeMembers).toHaveLength(4);
      expect(s.extraInviteUses).toEqual([]);
    });
  });

  describe("manual admission", () => {
    it("manual: a founder who is still the only member admits the first newcomer", async () => {
      const w = await World.found("alice", { admission: "manual" });
      const invite = await w.invite("alice");
      const join = await w.join("bob", invite.id);
      const admission = await w.admit("alice", join.id);
      const s = await w.derive();
      expect(World.refusal(s, admission.id)).toBeUndefined();
      expect(s.activeMembers).toContain(w.id("bob"));
    });

    it("manual: once there is another member, the inviter may not admit her own invitee (inviter-admits)", async () => {
      const w = await World.found("alice", { admission: "manual" });
      await w.addMember("bob", "alice");
      const invite = await w.invite("alice");
      const join = await w.join("carol", invite.id);
      const admission = await w.admit("alice", join.id);
      const s = await w.derive();
      expect(World.refusal(s, admission.id)).toBe("inviter-admits");
      expect(s.activeMembers).not.toContain(w.id("carol"));
    });

    it("manual: a member other than the inviter admits the newcomer", async () => {
      const w = await World.found("alice", { admission: "manual" });
      await w.addMember("bob", "alice");
      const invite = await w.invite("alice");
      const join = await w.join("carol", invite.id);
      await w.admit("bob", join.id);
      const s = await w.derive();
      expect(s.audit).toEqual([]);
      expect(s.activeMembers).toContain(w.id("carol"));
    });

    it("manual: a founder cannot admit a second invitee of hers by choosing parents from when she was alone", async () => {
      const w = await World.found("alice", { admission: "manual" });
      const invite1 = await w.invite("alice");
      const invite2 = await w.invite("alice");
      const bobJoin = await w.join("bob", invite1.id, { parents: [invite2.id] });
      const carolJoin = await w.join("carol", invite2.id, { parents: [invite2.id] });
      await w.admit("alice", bobJoin.id, { parents: [bobJoin.id] });
      // alice leaves bob's admission out of this one's past, so that she looks alone
      const sneaky = await w.admit("alice", carolJoin.id, { parents: [carolJoin.id] });
      const s = await w.derive();
      expect(World.refusal(s, sneaky.id)).toBe("inviter-admits");
      expect(s.activeMembers).toEqual([w.id("alice"), w.id("bob")].sort());
    });

    it("manual: a founder alone again, after everyone else left, admits a newcomer (or nobody could)", async () => {
      const w = await World.found("alice", { admission: "manual" });
      await w.addMember("bob", "alice");
      await w.add("bob", "member.left", {});
      const invite = await w.invite("alice");
      const join = await w.join("carol", invite.id);
      const admission = await w.admit("alice", join.id);
      const s = await w.derive();
      expect(World.refusal(s, admission.id)).toBeUndefined();
      expect(s.activeMembers).toEqual([w.id("alice"), w.id("carol")].sort());
    });

    it("auto: the inviter's own app admits her invitee", async () => {
      const w = await World.found("alice");
      await w.addMember("bob", "alice");
      await w.addMember("carol", "alice");
      const s = await w.derive();
      expect(s.audit).toEqual([]);
      expect(s.activeMembers).toHaveLength(3);
    });
  });

  describe("revoking an invite", () => {
    it("member.invite-revoked: the invite shows as revoked", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice");
      await w.add("alice", "member.invite-revoked", { invite: invite.id });
      const s = await w.derive();
      expect(s.invites[invite.id]?.revoked).toBe(true);
    });

    it("member.invite-revoked: a join with the revocation in its past is refused (invite-revoked)", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice");
      await w.add("alice", "member.invite-revoked", { invite: invite.id });
      const join = await w.join("bob", invite.id);
      const s = await w.derive();
      expect(World.refusal(s, join.id)).toBe("invite-revoked");
      expect(s.pendingJoins).toEqual([]);
    });

    it("member.invite-revoked: a join written without the revocation in its past is judged on its own and counts", async () => {
      const w = await World.found("alice");
      const invite = await w.invite("alice");
      const join = await w.join("bob", invite.id, { parents: [invite.id] });
      await w.add("alice", "member.invite-revoked", { invite: invite.id }, { parents: [invite.id] });
      const s = await w.derive();
      expect(World.refusal(s, join.id)).toBeUndefined();
      expect(s.pendingJoins.map((j) => j.join)).toEqual([join.id]);
    });

    it("member.invite-revoked: any active member may revoke, not only the inviter", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const invite = await w.invite("alice");
      const revoke = await w.add("bob", "member.invite-revoked", { invite: invite.id });
      const s = await w.derive();
      expect(World.refusal(s, revoke.id)).toBeUndefined();
      expect(s.invites[invite.id]?.revoked).toBe(true);
    });
  });

  describe("leaving and rejoining", () => {
    it("member.left: bob leaves at any time and is no longer active", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      await w.add("bob", "member.left", {});
      const s = await w.derive();
      expect(s.activeMembers).toEqual([w.id("alice")]);
      expect(s.members[w.id("bob")]?.status).toBe("left");
    });

    it("rejoining: bob who left rejoins with a new invite and may write again", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      await w.add("bob", "member.left", {});
      await w.addMember("bob", "alice");
      const p = await w.propose("bob", { kind: "decision" });
      const s = await w.derive();
      expect(s.audit).toEqual([]);
      expect(s.members[w.id("bob")]?.status).toBe("active");
      expect(s.proposals[p.id]).toBeDefined();
    });

    it("member.joined: an active member joining again is refused (already-a-member)", async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const invite = await w.invite("alice");
      const join = await w.join("bob", invite.id);
      const s = await w.derive();
      expect(World.refusal(s, join.id)).toBe("already-a-member");
    });
  });
});
