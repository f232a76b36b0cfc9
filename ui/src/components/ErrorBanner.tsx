import type { AppError } from "../bindings";
import { errorTitle } from "../errors";

/** A failed command: what kind of failure, then the message that names the field or object. */
export function ErrorBanner({ error }: { error: AppError | null }) {
  if (error === null) {
    return null;
  }
  return (
    <div className={`banner banner-${error.code}`} role="alert" data-code={error.code}>
      <strong>{errorTitle(error.code)}</strong>
      <span>{error.message}</span>
    </div>
  );
}

/** What happened: green when it went as asked, amber when the user should look again. */
export function Notice({ text, tone = "success" }: { text: string | null; tone?: "success" | "warning" }) {
  if (text === null) {
    return null;
  }
  return (
    <div
      className={tone === "success" ? "banner banner-notice" : "banner banner-warning"}
      role="status"
      data-tone={tone}
    >
      {text}
    </div>
  );
}
