import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { StatusBadge, toneOf } from "./StatusBadge";

afterEach(cleanup);

test("every state a share can be in has its own tone, reversed and requested included", () => {
  expect(toneOf("unpaid")).toBe("neutral");
  expect(toneOf("requested")).toBe("warn");
  expect(toneOf("paid")).toBe("good");
  expect(toneOf("reversed")).toBe("neutral");
});

test("a badge says its state in words as well as in colour", () => {
  render(<StatusBadge status="disabled" />);
  const badge = screen.getByText("disabled");
  expect(badge.className).toBe("badge badge-bad");
  expect(badge.dataset.status).toBe("disabled");
});
