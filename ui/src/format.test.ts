import { describe, expect, test } from "vitest";
import { auditTime, checkDate, groupDigits, isZero, percentHint, sentence, today } from "./format";

describe("groupDigits", () => {
  test("groups the integer part in threes and keeps every decimal as booked", () => {
    expect(groupDigits("1234567.80")).toBe("1,234,567.80");
    expect(groupDigits("999.999")).toBe("999.999");
    expect(groupDigits("1000")).toBe("1,000");
  });

  test("keeps the sign of a negative amount in front of the digits", () => {
    expect(groupDigits("-1234.05")).toBe("-1,234.05");
  });

  test("shows a value that is not a decimal unchanged rather than guessing", () => {
    expect(groupDigits("sealed")).toBe("sealed");
    expect(groupDigits("1e5")).toBe("1e5");
  });

  test("never goes through a float: 17 significant digits survive", () => {
    expect(groupDigits("123456789012345.67")).toBe("123,456,789,012,345.67");
  });
});

describe("isZero", () => {
  test("recognises zero at any scale and with a sign", () => {
    expect(isZero("0.00")).toBe(true);
    expect(isZero("-0.000")).toBe(true);
    expect(isZero("0")).toBe(true);
  });

  test("a single minor unit is not zero", () => {
    expect(isZero("0.01")).toBe(false);
    expect(isZero("-0.001")).toBe(false);
  });
});

describe("checkDate", () => {
  test("accepts an empty field and real days", () => {
    expect(checkDate("")).toBeNull();
    expect(checkDate("2024-02-29")).toBeNull();
  });

  test("names the problem with a malformed or impossible date", () => {
    expect(checkDate("25/11/2026")).toBe('"25/11/2026" is not a date (write YYYY-MM-DD)');
    expect(checkDate("2026-02-30")).toBe("2026-02-30 is not a day of the calendar");
  });
});

test("auditTime shows the recorded instant to the second in local time, with its zone", () => {
  expect(auditTime("2026-11-25T10:12:22.123456Z", "UTC")).toBe("2026-11-25 10:12:22 UTC");
  expect(auditTime("2026-11-25T22:12:22.999999Z", "Asia/Kolkata")).toBe("2026-11-26 03:42:22 GMT+5:30");
  expect(auditTime("not a time")).toBe("not a time");
});

test("a percentage below one typed without its sign is named for what it reads as", () => {
  expect(percentHint("0.20")).toBe("0.20 reads as 0.20%; rates here are percentages: for 20% type 20.");
  expect(percentHint("0.025")).toBe("0.025 reads as 0.025%; rates here are percentages: for 2.5% type 2.5.");
  expect(percentHint(".05")).toBe(".05 reads as .05%; rates here are percentages: for 5% type 5.");
  for (const clear of ["20", "0", "0.00", "0.2%", "1.5", "", "abc"]) {
    expect(percentHint(clear), clear).toBeNull();
  }
});

test("today is the local calendar day, and a clause from Rust becomes a sentence", () => {
  expect(today(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  expect(sentence("2 business days without a record")).toBe("2 business days without a record.");
  expect(sentence("Done.")).toBe("Done.");
});
