import { expect, test } from "vitest";
import { asAppError, errorTitle, unwrap } from "./errors";

test("each error code has its own title, chosen by the code and not the wording", () => {
  const titles = new Set(
    (["validation", "permission_denied", "conflict", "internal"] as const).map((code) => errorTitle(code)),
  );
  expect(titles.size, "four codes, four distinct titles").toBe(4);
  expect(errorTitle("permission_denied")).toBe("Not allowed");
});

test("a command's typed error keeps its code and message", () => {
  expect(asAppError({ code: "conflict", message: "key reused" })).toEqual({ code: "conflict", message: "key reused" });
});

test("Tauri's own string rejections and unknown codes become internal errors that keep their text", () => {
  expect(asAppError("command sign_in not found")).toEqual({ code: "internal", message: "command sign_in not found" });
  expect(asAppError({ code: "teapot", message: "x" }).code).toBe("internal");
  expect(asAppError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
});

test("unwrap gives the data of an ok result and throws the error of a failed one", async () => {
  await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 7 }))).resolves.toBe(7);
  await expect(
    unwrap(
      Promise.resolve({ status: "error" as const, error: { code: "validation" as const, message: "total: bad" } }),
    ),
  ).rejects.toEqual({ code: "validation", message: "total: bad" });
});
