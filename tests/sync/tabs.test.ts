/** Two tabs of the app on one device share pools over a BroadcastChannel, with no relay at all. */
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel";
import { expect, test } from "vitest";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { closedAfterEach, idsOf, inOrder, startDevice } from "../helpers/peers.ts";
import { waitFor } from "../helpers/relay.ts";
import { World } from "../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

test("a vote cast in one tab shows in the other", async () => {
  const world = await World.withMembers(["alice", "bob"]);
  const channelName = `pools-test-${Math.random().toString(36).slice(2)}`;
  const [tab1, tab2] = await Promise.all(
    ["tab1", "tab2"].map((n) =>
      startDevice(n, {
        network: [new BroadcastChannelNetworkAdapter({ channelName, peerWaitMs: 10_000 })],
        now: () => world.now,
      }),
    ),
  );
  devices.push(tab1!, tab2!);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(tab1!.repo, genesis!, tab1!.deps);
  if (!created.ok) throw new Error(created.reason);
  const one = created.value;
  sessions.push(one);
  await one.append(rest);

  const opened = await openPool(tab2!.repo, { docUrl: one.docUrl, genesisId: one.poolId }, tab2!.deps);
  if (!opened.ok) throw new Error(opened.reason);
  const two = opened.value;
  sessions.push(two);
  await waitFor(() => two.view().events.size === world.events.size, { what: "the second tab to load the pool" });

  const proposal = await world.propose("alice", { kind: "decision" });
  const vote = await world.vote("bob", proposal.id, "yes");
  expect(await two.append([proposal, vote])).toMatchObject({ ok: true });
  await waitFor(() => one.view().state?.proposals[proposal.id]?.votes[world.id("bob")]?.choice === "yes", {
    what: "the first tab to count bob's vote",
  });
  expect(idsOf(one.view().events)).toEqual(idsOf(two.view().events));
});
