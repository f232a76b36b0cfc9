// What the window shows for a failed command. The title is chosen by the error's code,
// never by its wording; the message comes from Rust and names the field or object at fault.

import type { AppError, Code } from "./bindings";

const TITLES: Record<Code, string> = {
  validation: "Please check the input",
  permission_denied: "Not allowed",
  conflict: "Conflicts with the current state",
  locked: "This workstation is locked",
  second_factor_required: "A code from your authenticator is needed",
  internal: "Something went wrong",
};

export function errorTitle(code: Code): string {
  return TITLES[code];
}

/** Any rejection as an AppError: Tauri's own failures (an unknown command, bad arguments) arrive as plain strings. */
export function asAppError(failure: unknown): AppError {
  if (
    typeof failure === "object" &&
    failure !== null &&
    "code" in failure &&
    "message" in failure &&
    typeof failure.code === "string" &&
    failure.code in TITLES
  ) {
    return { code: failure.code as Code, message: String(failure.message) };
  }
  const message = failure instanceof Error ? failure.message : String(failure);
  return { code: "internal", message };
}

/** The result of a generated command, as its data or a thrown AppError. */
export async function unwrap<T>(
  pending: Promise<{ status: "ok"; data: T } | { status: "error"; error: AppError }>,
): Promise<T> {
  let result;
  try {
    result = await pending;
  } catch (failure) {
    throw asAppError(failure);
  }
  if (result.status === "error") {
    throw asAppError(result.error);
  }
  return result.data;
}
