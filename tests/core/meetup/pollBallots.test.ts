import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { decodeBallot, encodeBallot, judgeBallot, type PollChoice, type PollMethod } from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { qrPixels } from "../../helpers/qrImage.ts";
import { World } from "../../helpers/world.ts";

/** docs/rules.md §11: a poll ballot is a vote like any other, so it travels by QR code at a meetup. */

const TWENTY = Array.from({ length: 20 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}T18:30:00.000Z`);
const all = Array.from({ length: 20 }, (_, i) => 19 - i);

/** For each method, the largest ballot it accepts over 20 options. */
const LARGEST: [PollMethod, PollChoice][] = [
  [{ kind: "choose-one" }, { pick: 19 }],
  [{ kind: "choose-many", max: 20 }, { picks: all }],
  [{ kind: "ranked" }, { ranking: all }],
  [{ kind: "score" }, { scores: all.map(() => 5) }],
  [{ kind: "meeting-time" }, { marks: all.map(() => "if-need-be" as const) }],
];

describe("rules §11 polls at a meetup: ballots by QR code", () => {
  for (const [method, choice] of LARGEST) {
    it(`${method.kind}: the largest ballot over 20 options, with a 200-character reason, is under 1 KiB and scans back`, async () => {
      const w = await World.withMembers(["alice", "bob"]);
      const p = await w.propose("alice", { kind: "poll", question: "When and what?", options: TWENTY, method });
      const vote = await w.vote("bob", p.id, choice, { reason: "y".repeat(200) });
      expect(vote.bytes.length).toBeLessThan(1024);
      const text = encodeBallot(vote);
      const image = qrPixels(text);
      const scanned = jsQR(image.data, image.width, image.height);
      const decoded = decodeBallot(scanned?.data ?? "", sha256);
      if (!decoded.ok) throw new Error(decoded.reason);
      expect(decoded.value.id).toBe(vote.id);
      const state = await w.derive(undefined, w.idsWithout(vote.id));
      expect(judgeBallot(state, decoded.value)).toMatchObject({ ok: true });
    });
  }

  it("rules §11 bad-ballot: the chair's phone refuses a scanned ballot that does not fit the poll", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", {
      kind: "poll",
      question: "Where?",
      options: ["Park", "Hall"],
      method: { kind: "ranked" },
    });
    const vote = await w.vote("bob", p.id, { pick: 1 });
    const state = await w.derive(undefined, w.idsWithout(vote.id));
    const decoded = decodeBallot(encodeBallot(vote), sha256);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(judgeBallot(state, decoded.value)).toMatchObject({ ok: false, reason: "bad-ballot" });
  });
});
