/**
 * Money on screen: minor units in the pool's currency with Intl, and an entry's effect with its
 * sign, so money going out never reads as money coming in.
 */
import { describe, expect, it } from "vitest";
import { formatMoney, formatSignedMoney, moneyInput } from "../../src/ui/format.ts";

const en = (minor: number, currency = "USD") => formatMoney(minor, currency, "en-US");
const signed = (minor: number, currency = "USD") => formatSignedMoney(minor, currency, "en-US");

describe("showing an amount", () => {
  it("cents, thousands and large amounts", () => {
    expect(en(1250)).toBe("$12.50");
    expect(en(1)).toBe("$0.01");
    expect(en(0)).toBe("$0.00");
    expect(en(123_456_789)).toBe("$1,234,567.89");
    expect(en(10_000_000_000)).toBe("$100,000,000.00");
  });

  it("money out has a minus sign; money in a plus when the sign matters", () => {
    expect(signed(-34_000)).toBe("\u2212$340.00");
    expect(signed(34_000)).toBe("+$340.00");
    expect(signed(0)).toBe("$0.00");
    expect(en(-6000)).toBe("\u2212$60.00");
  });

  it("currencies with no decimals and with three", () => {
    expect(en(1500, "JPY")).toBe("¥1,500");
    expect(signed(-1500, "JPY")).toBe("\u2212¥1,500");
    expect(en(12_345, "KWD")).toMatch(/^KWD\s12\.345$/);
    expect(en(12_500, "BHD")).toMatch(/^BHD\s12\.500$/);
  });

  it("an amount goes back into a field as the person would type it", () => {
    expect(moneyInput(1250, "USD")).toBe("12.50");
    expect(moneyInput(5, "USD")).toBe("0.05");
    expect(moneyInput(1500, "JPY")).toBe("1500");
    expect(moneyInput(12_345, "KWD")).toBe("12.345");
  });
});
