/**
 * docs/rules.md §11 "Reminders": what a wake-up shows. One notification per pool, only for
 * something that needs the person and that the last wake-up did not already tell them about.
 */
import { describe, expect, it } from "vitest";
import { deadlineWords, needKey, reminderFor } from "../../src/state/reminders/reminderText.ts";

const pool = { id: "pool1", name: "Hiking Club" };
const vote = { kind: "vote", proposal: "p1", title: "New tent", deadline: Date.UTC(2026, 11, 11, 17, 0) };
const admit = { kind: "admit", join: "j1", title: "Dana" };
const when = () => "Friday 18:00";

describe("rules §11 reminders: the notification text", () => {
  it("a vote that needs the person names the proposal and its close, and opens the proposal", () => {
    expect(reminderFor(pool, [vote], new Set(), when)).toEqual({
      title: "Hiking Club",
      body: "New tent: your vote is needed, closes Friday 18:00",
      tag: "pool-pool1",
      route: "#/pool/pool1/proposal/p1",
    });
  });

  it("what was already told is not told again; only something new notifies, and says how much more", () => {
    expect(reminderFor(pool, [vote], new Set([needKey(vote)]), when)).toBeUndefined();
    const r = reminderFor(pool, [vote, admit], new Set([needKey(vote)]), when);
    expect(r?.body).toBe("Dana: asks to join and needs admitting");
    expect(r?.route).toBe("#/pool/pool1/members");
    expect(reminderFor(pool, [vote, admit], new Set(), when)?.body).toBe(
      "New tent: your vote is needed, closes Friday 18:00 (and 1 more)",
    );
  });

  it("nothing needs the person: no notification", () => {
    expect(reminderFor(pool, [], new Set(), when)).toBeUndefined();
  });

  it("a deadline within the week reads as a weekday and a 24-hour time, later ones as a date", () => {
    const now = Date.UTC(2026, 11, 7, 12, 0);
    const friday = new Date(2026, 11, 11, 18, 0).getTime();
    expect(deadlineWords(friday, now, "en-GB")).toBe("Friday 18:00");
    expect(deadlineWords(new Date(2026, 11, 24, 9, 5).getTime(), now, "en-GB")).toBe("24 Dec 09:05");
  });
});
