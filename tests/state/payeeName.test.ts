/**
 * Who a payout goes to, in words (src/state/selectors.ts payeeName): the ledger's rows and each
 * Confirm button's name read it, so a dissolution share names the member, never their raw id.
 */
import { describe, expect, it } from "vitest";
import { memberPayee } from "../../src/core/index.ts";
import { payeeName } from "../../src/state/selectors.ts";
import { World } from "../helpers/world.ts";

describe("payeeName", () => {
  it("rules §4 dissolve: a member's share names the member, or You on their own phone", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const state = await w.derive();
    expect(payeeName(state, memberPayee(w.id("bob")))).toBe("Bob");
    expect(payeeName(state, memberPayee(w.id("bob")), undefined, w.id("bob"))).toBe("You");
  });

  it("an outside payee's own words are shown as written", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    expect(payeeName(await w.derive(), "Outdoor Store")).toBe("Outdoor Store");
  });
});
