import { describe, expect, it } from "vitest";
import { type DuesSpan, duesStatus } from "../../../src/core/dues/duesOwed.ts";
import { periodStart, periodsBegun } from "../../../src/core/dues/periods.ts";

const day = 86_400_000;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const tenAMonth: DuesSpan = { from: utc(2027, 1, 1), dues: { amount: 1000, every: "month" } };

describe("rules §11 dues: periods", () => {
  it("a monthly series anchored on 31 January falls due on the last day of shorter months, without drifting", () => {
    const anchor = utc(2027, 1, 31);
    expect(new Date(periodStart(anchor, "month", 1)).toISOString().slice(0, 10)).toBe("2027-02-28");
    expect(new Date(periodStart(anchor, "month", 2)).toISOString().slice(0, 10)).toBe("2027-03-31");
    expect(new Date(periodStart(utc(2028, 1, 31), "month", 1)).toISOString().slice(0, 10)).toBe("2028-02-29");
  });

  it("a period begins at its start, not a millisecond later", () => {
    const anchor = utc(2027, 1, 15);
    expect(periodsBegun(anchor, "month", anchor - 1)).toBe(0);
    expect(periodsBegun(anchor, "month", anchor)).toBe(1);
    expect(periodsBegun(anchor, "month", utc(2027, 2, 15) - 1)).toBe(1);
    expect(periodsBegun(anchor, "month", utc(2027, 2, 15))).toBe(2);
    expect(periodsBegun(anchor, "quarter", utc(2027, 7, 15))).toBe(3);
    expect(periodsBegun(anchor, "year", utc(2030, 1, 14))).toBe(3);
  });
});

describe("rules §11 dues: who owes what", () => {
  it("bob, admitted mid-March under $10 a month, owes from his admission, not from the rule", () => {
    const admitted = utc(2027, 3, 10);
    const s = duesStatus([tenAMonth], admitted, utc(2027, 5, 20), 0);
    // Periods begun 10 March, 10 April, 10 May.
    expect(s.charged).toBe(3000);
    expect(s.owed).toBe(3000);
    expect(s.current).toBe(false);
  });

  it("payments cover the oldest periods first and 'paid through' is the end of the last covered one", () => {
    const admitted = utc(2027, 1, 1);
    const s = duesStatus([tenAMonth], admitted, utc(2027, 3, 5), 2000);
    expect(s.owed).toBe(1000);
    expect(new Date(s.paidThrough as number).toISOString().slice(0, 10)).toBe("2027-03-01");
    // Owing only the period now running is current.
    expect(s.current).toBe(true);
  });

  it("carol, one period behind beyond the running one, is not current; paying it makes her current", () => {
    const at = utc(2027, 3, 5);
    expect(duesStatus([tenAMonth], utc(2027, 1, 1), at, 1000).current).toBe(false);
    expect(duesStatus([tenAMonth], utc(2027, 1, 1), at, 2000).current).toBe(true);
  });

  it("paying ahead is credit: nothing owed and paid through a future date", () => {
    const s = duesStatus([tenAMonth], utc(2027, 1, 1), utc(2027, 1, 2), 6000);
    expect(s.owed).toBe(0);
    expect(new Date(s.paidThrough as number).toISOString().slice(0, 10)).toBe("2027-02-01");
    expect(s.current).toBe(true);
  });

  it("a change of dues applies from its confirmation on and keeps what was owed before", () => {
    const raised: DuesSpan = { from: utc(2027, 3, 1), dues: { amount: 1500, every: "month" } };
    // Jan and Feb at $10, then Mar and Apr at $15.
    const s = duesStatus([tenAMonth, raised], utc(2027, 1, 1), utc(2027, 4, 2), 0);
    expect(s.charged).toBe(2000 + 3000);
    expect(s.runningPeriodAmount).toBe(1500);
  });

  it("ending dues (null) stops new charges; arrears remain", () => {
    const ended: DuesSpan = { from: utc(2027, 2, 15), dues: null };
    const s = duesStatus([tenAMonth, ended], utc(2027, 1, 1), utc(2027, 12, 1), 0);
    expect(s.charged).toBe(2000);
    expect(s.runningPeriodAmount).toBe(0);
    expect(s.current).toBe(false);
  });

  it("without dues nobody owes anything and everyone is current", () => {
    const s = duesStatus([], utc(2027, 1, 1), utc(2027, 6, 1), 0);
    expect(s).toMatchObject({ charged: 0, owed: 0, current: true });
    expect(duesStatus([{ from: 0, dues: null }], 0, 365 * day, 0).current).toBe(true);
  });
});
