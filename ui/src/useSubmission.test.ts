import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { newIdempotencyKey, useSubmission } from "./useSubmission";

afterEach(cleanup);

/** A call that records the keys it is sent and fails while `failures` lasts. */
function recorder(failures = 0) {
  const keys: string[] = [];
  const call = async (key: string) => {
    keys.push(key);
    if (keys.length <= failures) {
      throw { code: "internal", message: "database: connection reset" };
    }
    return `sent ${keys.length}`;
  };
  return { keys, call };
}

test("a key is desk- and a UUID, and each new key is different", () => {
  expect(newIdempotencyKey()).toMatch(/^desk-[0-9a-f-]{36}$/);
  expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
});

test("a retry after a failure repeats the same key, so Rust applies the submission at most once", async () => {
  const { result } = renderHook(() => useSubmission());
  const { keys, call } = recorder(1);
  await act(() => result.current.submit(call));
  expect(result.current.error?.message).toBe("database: connection reset");
  expect(result.current.done).toBeNull();
  await act(() => result.current.submit(call));
  expect(keys.length).toBe(2);
  expect(keys[1], "the retry is the same request").toBe(keys[0]);
  expect(result.current.error, "a success clears the failure").toBeNull();
  expect(result.current.done).toBe("sent 2");
});

test("after a success the next submission is a new request with a fresh key", async () => {
  const { result } = renderHook(() => useSubmission());
  const { keys, call } = recorder();
  await act(() => result.current.submit(call));
  await act(() => result.current.submit(call));
  expect(keys.length).toBe(2);
  expect(keys[1]).not.toBe(keys[0]);
  expect(result.current.key, "the key waiting for the next submission is fresh again").not.toBe(keys[1]);
});

test("send hands back the call's result and keeps the key when the call throws", async () => {
  const { result } = renderHook(() => useSubmission());
  const first = result.current.key;
  await act(async () => {
    await expect(result.current.send(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
  });
  expect(result.current.key).toBe(first);
  let answer = 0;
  await act(async () => {
    answer = await result.current.send(async (key) => (key === first ? 42 : 0));
  });
  expect(answer).toBe(42);
  expect(result.current.key).not.toBe(first);
});

test("renew gives a different request its own key; dismiss takes the last sentence down and keeps the key", async () => {
  const { result } = renderHook(() => useSubmission());
  const first = result.current.key;
  act(() => result.current.renew());
  expect(result.current.key).not.toBe(first);
  await act(() => result.current.submit(async () => "added"));
  const waiting = result.current.key;
  act(() => result.current.dismiss());
  expect(result.current.done).toBeNull();
  expect(result.current.key).toBe(waiting);
});

test("a dated submission on a day the calendar lacks is refused and nothing is sent", () => {
  const { result } = renderHook(() => useSubmission());
  const { keys, call } = recorder();
  act(() => result.current.submitDated("2026-02-30", call));
  expect(result.current.error).toEqual({
    code: "validation",
    message: "date: 2026-02-30 is not a day of the calendar",
  });
  act(() => result.current.submitDated("", call));
  expect(result.current.error?.message).toBe("date: a date is required");
  expect(keys, "nothing sent").toEqual([]);
});

test("a dated submission on a real day is sent, and is busy while it runs", async () => {
  const { result } = renderHook(() => useSubmission());
  let finish: (text: string) => void = () => {};
  act(() => result.current.submitDated("2026-11-24", () => new Promise<string>((resolve) => (finish = resolve))));
  expect(result.current.busy).toBe(true);
  await act(async () => finish("recorded"));
  expect(result.current.busy).toBe(false);
  expect(result.current.done).toBe("recorded");
});

test("a new submission takes the last outcome down, and a result's warnings are kept apart from its sentence", async () => {
  const { result } = renderHook(() => useSubmission());
  await act(() => result.current.submit(async () => ({ done: "Recorded.", warnings: ["moved by +40%"] })));
  expect(result.current.done).toBe("Recorded.");
  expect(result.current.warnings).toEqual(["moved by +40%"]);
  await act(() =>
    result.current.submit(async () => {
      throw { code: "validation", message: "value: required" };
    }),
  );
  expect(result.current.done, "no old success beside the new failure").toBeNull();
  expect(result.current.warnings).toEqual([]);
  expect(result.current.error?.message).toBe("value: required");
});
