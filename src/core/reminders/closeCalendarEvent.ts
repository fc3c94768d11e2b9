/**
 * A proposal's close as an iCalendar file (RFC 5545), so a member can put "voting closes" in the
 * calendar they already use (rules §11). Pure: the caller passes the time stamp.
 */
export interface CloseCalendarInput {
  /** Stable across downloads, so re-importing updates the entry instead of adding another. */
  proposalId: string;
  poolName: string;
  title: string;
  closesAt: number;
  /** When the file is made (DTSTAMP). */
  now: number;
  /** A link back to the proposal in the app, if it has one. */
  url?: string;
}

export function closeCalendarEvent(input: CloseCalendarInput): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Pools//Proposal close//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeText(input.proposalId)}@pools`,
    `DTSTAMP:${utcStamp(input.now)}`,
    `DTSTART:${utcStamp(input.closesAt)}`,
    `DTEND:${utcStamp(input.closesAt)}`,
    `SUMMARY:${escapeText(`Voting closes: ${input.title}`)}`,
    `DESCRIPTION:${escapeText(`${input.poolName}: last moment to vote on "${input.title}".`)}`,
    ...(input.url ? [`URL:${input.url}`] : []),
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "TRIGGER:-PT1H",
    `DESCRIPTION:${escapeText(`One hour left to vote: ${input.title}`)}`,
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** `20270109T180000Z`: UTC, so every calendar shows the same instant in its own zone. */
function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1), never inside a character. */
function fold(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}
