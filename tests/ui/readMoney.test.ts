/**
 * Money typed into a field becomes integer minor units exactly, or a plain refusal: a minus
 * sign is never dropped, cents are never lost, and each currency keeps its own decimals.
 */
import { describe, expect, it } from "vitest";
import { amountOrError, MAX_AMOUNT_MAJOR, parseMoney, readMoney } from "../../src/ui/money.ts";

const value = (text: string, currency = "USD") => {
  const r = readMoney(text, currency);
  return r.ok ? r.value : r.reason;
};

describe("reading an amount a person typed", () => {
  it("whole amounts and cents become exact minor units", () => {
    expect(value("12.50")).toBe(1250);
    expect(value("12.5")).toBe(1250);
    expect(value("12")).toBe(1200);
    expect(value("0.01")).toBe(1);
    expect(value(".5")).toBe(50);
    expect(value("340")).toBe(34_000);
    expect(value("19.99")).toBe(1999);
  });

  it("thousands separators, a decimal comma, a currency symbol or code", () => {
    expect(value("1,200.50")).toBe(120_050);
    expect(value("12,50", "EUR")).toBe(1250);
    expect(value("1.200,50", "EUR")).toBe(120_050);
    expect(value("$25")).toBe(2500);
    expect(value("25 USD")).toBe(2500);
    expect(value(" 25\u00a0€ ", "EUR")).toBe(2500);
    expect(value("+25")).toBe(2500);
  });

  it("a minus sign is refused, never dropped", () => {
    expect(value("-20")).toBe("negative");
    expect(value("−20")).toBe("negative");
    expect(value("-$5")).toBe("negative");
    expect(value("$-5")).toBe("negative");
    expect(value("(5.00)")).toBe("negative");
    expect(parseMoney("-20", "USD")).toBeUndefined();
    expect(amountOrError("-5", "USD")).toEqual({ ok: false, error: expect.stringMatching(/without a minus sign/) });
  });

  it("text that is not an amount is refused", () => {
    expect(value("abc")).toBe("not-a-number");
    expect(value("12abc")).toBe("not-a-number");
    expect(value("1.2.3")).toBe("not-a-number");
    expect(value("")).toBe("empty");
    expect(value("0")).toBe("zero");
    expect(value("0.00")).toBe("zero");
    expect(value("12.345")).toBe("too-many-decimals");
  });

  it("absurd amounts are refused: at most one hundred million in the pool's currency", () => {
    expect(value("99,999,999,999")).toBe("too-large");
    expect(value("100000000.01")).toBe("too-large");
    expect(value("100,000,000")).toBe(MAX_AMOUNT_MAJOR * 100);
    expect(value("9".repeat(40))).toBe("too-large");
    // The largest amount at 3 decimals, 90,000 times over, still adds up exactly.
    expect(Number.isSafeInteger(MAX_AMOUNT_MAJOR * 1000 * 90_000)).toBe(true);
  });

  it("rules §3.13: in a currency with four decimals (CLF) the core's cap of 1e11 minor units is the bound", () => {
    expect(value("10,000,000", "CLF")).toBe(100_000_000_000);
    expect(value("10,000,000.0001", "CLF")).toBe("too-large");
  });

  it("currencies with no decimals (JPY) and three decimals (KWD, BHD)", () => {
    expect(value("1500", "JPY")).toBe(1500);
    expect(value("1,500", "JPY")).toBe(1500);
    expect(value("1500.5", "JPY")).toBe("too-many-decimals");
    expect(value("12.345", "KWD")).toBe(12_345);
    expect(value("12.5", "BHD")).toBe(12_500);
    expect(value("12,345", "KWD")).toBe(12_345);
    expect(value("1.2345", "KWD")).toBe("too-many-decimals");
    expect(amountOrError("1.5", "JPY")).toEqual({ ok: false, error: expect.stringMatching(/no decimals/) });
  });
});
