import { describe, expect, it } from "vitest";
import { closeCalendarEvent } from "../../../src/core/reminders/closeCalendarEvent.ts";

const input = {
  proposalId: "Zq3x_proposal",
  poolName: "Hiking Club",
  title: "Buy two tents, $340",
  closesAt: Date.UTC(2027, 0, 9, 18, 0),
  now: Date.UTC(2027, 0, 2, 9, 30),
};

const unfold = (ics: string) => ics.replace(/\r\n /g, "");

describe("rules §11 reminders: a proposal's close as a calendar entry", () => {
  it("is one VEVENT at the close in UTC, with a stable UID and an alarm an hour before", () => {
    const ics = closeCalendarEvent(input);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const text = unfold(ics);
    expect(text).toContain("DTSTART:20270109T180000Z");
    expect(text).toContain("DTSTAMP:20270102T093000Z");
    expect(text).toContain("UID:Zq3x_proposal@pools");
    expect(text).toContain("TRIGGER:-PT1H");
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(1);
  });

  it("escapes commas, semicolons and newlines in the title so calendars read it whole", () => {
    const text = unfold(closeCalendarEvent({ ...input, title: "Tents, stoves; and\nmaps" }));
    expect(text).toContain("SUMMARY:Voting closes: Tents\\, stoves\\; and\\nmaps");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const ics = closeCalendarEvent({
      ...input,
      title: "Fête du village — réserver la salle polyvalente pour l’été ".repeat(3),
    });
    const encoder = new TextEncoder();
    for (const line of ics.split("\r\n")) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toContain("réserver la salle polyvalente");
    expect(ics).not.toContain("\uFFFD");
  });
});
