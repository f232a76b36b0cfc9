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

export function Notice({ text }: { text: string | null }) {
  if (text === null) {
    return null;
  }
  return (
    <div className="banner banner-notice" role="status">
      {text}
    </div>
  );
}
