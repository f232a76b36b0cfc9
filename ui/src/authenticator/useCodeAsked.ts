import { useState } from "react";
import type { AppError } from "../bindings";

/**
 * Whether the acts that move money out ask for an authenticator code: as the program said at
 * sign-in, and from the first act Rust answered `second_factor_required` (the rule may have
 * been turned on since).
 */
export function useCodeAsked(requiredAtSignIn: boolean) {
  const [asked, setAsked] = useState(requiredAtSignIn);
  function noteFailure(error: AppError) {
    if (error.code === "second_factor_required") {
      setAsked(true);
    }
  }
  return { asked, noteFailure };
}
