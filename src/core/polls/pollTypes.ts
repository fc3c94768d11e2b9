/**
 * Polls (rules §11): a `poll` proposal asks a question with 2–20 options and is counted by one of
 * five methods. A poll has no threshold and authorises nothing; quorum still applies.
 */
export const POLL_METHODS = ["choose-one", "choose-many", "ranked", "score", "meeting-time"] as const;
export type PollMethodName = (typeof POLL_METHODS)[number];

export type PollMethod =
  | { kind: "choose-one" }
  | { kind: "choose-many"; max: number }
  | { kind: "ranked" }
  | { kind: "score" }
  | { kind: "meeting-time" };

/** The data of a `poll` proposal. For `meeting-time`, each option is a date-time (ISO 8601). */
export interface PollData {
  question: string;
  options: string[];
  method: PollMethod;
}

export const POLL_LIMITS = {
  minOptions: 2,
  maxOptions: 20,
  optionChars: 100,
  questionChars: 300,
  maxScore: 5,
} as const;

export const MEETING_MARKS = ["yes", "if-need-be", "no"] as const;
export type MeetingMark = (typeof MEETING_MARKS)[number];

/**
 * A poll ballot: the `choice` of a `vote.cast` on a poll, by option index. Each shape belongs to
 * one method, so a ballot cannot be read two ways.
 */
export type PollChoice =
  | { pick: number } // choose-one
  | { picks: number[] } // choose-many: distinct, at most `max`
  | { ranking: number[] } // ranked: distinct options, most preferred first; may leave some out
  | { scores: number[] } // score: one 0–5 per option
  | { marks: MeetingMark[] }; // meeting-time: one mark per option

/** One counted ballot: the member and their choice (their last before the close). */
export interface PollBallot {
  by: string;
  choice: PollChoice;
}
