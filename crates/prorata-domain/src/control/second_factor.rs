//! The second factor for money that leaves: time-based one-time codes (RFC 6238) as every
//! authenticator app makes them (HMAC-SHA-1, 6 digits, 30-second steps). A code is accepted
//! in its own step or one step either side (a phone's clock drifts), and each step's code
//! once: a code of a step at or before the last one accepted is a replay. The time is given;
//! the domain never reads a clock.

use chrono::{DateTime, TimeDelta, Utc};
use thiserror::Error;
use totp_rs::{Algorithm, TOTP};

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// The secret's length: 160 bits, as RFC 4226 recommends for HMAC-SHA-1.
pub const SECRET_BYTES: usize = 20;
/// Steps accepted either side of now.
const DRIFT_STEPS: u64 = 1;
/// Wrong codes in a row after which codes are refused for a while: three steps are tried
/// per code, so five guesses in fifteen minutes leave a guesser one chance in 66,000.
pub const WRONG_CODES_BEFORE_PAUSE: i32 = 5;
/// How long codes are refused after too many wrong ones, from the last wrong one.
pub const PAUSE_SECONDS: i64 = 15 * 60;

/// Until when codes are refused, if they are now: after [`WRONG_CODES_BEFORE_PAUSE`] wrong
/// codes in a row, for [`PAUSE_SECONDS`] from the last.
pub fn paused_until(
    failed_codes: i32,
    last_failed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let until = last_failed_at? + TimeDelta::seconds(PAUSE_SECONDS);
    (failed_codes >= WRONG_CODES_BEFORE_PAUSE && now < until).then_some(until)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SecondFactorError {
    #[error("the code must be the {DIGITS} digits your authenticator shows")]
    Malformed,
    #[error("the code is not the one your authenticator shows now")]
    Wrong,
    #[error("this code was used already: wait for the next one")]
    Replayed,
    #[error("too many wrong codes: the next is accepted after {0} UTC")]
    Paused(String),
    #[error("a second-factor secret has {SECRET_BYTES} bytes, not {0}")]
    Secret(usize),
}

fn totp(secret: &[u8], issuer: &str, account: &str) -> Result<TOTP, SecondFactorError> {
    if secret.len() != SECRET_BYTES {
        return Err(SecondFactorError::Secret(secret.len()));
    }
    // Skew 0: the steps either side are tried one by one below, to know which one matched.
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECONDS,
        secret.to_vec(),
        Some(issuer.to_owned()),
        account.to_owned(),
    )
    .map_err(|_| SecondFactorError::Secret(secret.len()))
}

/// Where a user is with their authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorState {
    /// No secret: the user cannot act where a program requires a second factor.
    NotSetUp,
    /// A secret was made and shown; no code of it has been given yet, so it proves nothing.
    AwaitingFirstCode,
    /// A code of the secret was given: the user's codes are accepted.
    SetUp,
}

impl SecondFactorState {
    /// The state of a stored factor: none, or confirmed by a first code or not.
    pub fn of(confirmed: Option<bool>) -> SecondFactorState {
        match confirmed {
            None => SecondFactorState::NotSetUp,
            Some(false) => SecondFactorState::AwaitingFirstCode,
            Some(true) => SecondFactorState::SetUp,
        }
    }
}

/// The code of the step `unix_seconds` falls in.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> Result<String, SecondFactorError> {
    Ok(totp(secret, "prorata", "user")?.generate(unix_seconds))
}

/// The step of a fresh code: the code must be the one of now's step or of one step either
/// side, and that step later than `last_used_step`.
pub fn accepted_step(
    secret: &[u8],
    code: &str,
    unix_seconds: u64,
    last_used_step: u64,
) -> Result<u64, SecondFactorError> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SecondFactorError::Malformed);
    }
    let totp = totp(secret, "prorata", "user")?;
    let now = unix_seconds / STEP_SECONDS;
    let first = now.saturating_sub(DRIFT_STEPS);
    // Bounded: three steps at most.
    let matched = (first..=now + DRIFT_STEPS).find(|step| totp.check(code, step * STEP_SECONDS));
    match matched {
        None => Err(SecondFactorError::Wrong),
        Some(step) if step <= last_used_step => Err(SecondFactorError::Replayed),
        Some(step) => Ok(step),
    }
}

/// What an authenticator app scans: `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…`.
pub fn otpauth_uri(
    secret: &[u8],
    issuer: &str,
    account: &str,
) -> Result<String, SecondFactorError> {
    Ok(totp(secret, issuer, account)?.get_url())
}

/// The secret as people type it into an app that cannot scan: RFC 4648 base32.
pub fn secret_text(secret: &[u8]) -> Result<String, SecondFactorError> {
    Ok(totp(secret, "prorata", "user")?.get_secret_base32())
}

/// The secret back from its base32 text, as a person types it from the enrolment screen.
pub fn secret_from_text(text: &str) -> Result<Vec<u8>, SecondFactorError> {
    let secret = totp_rs::Secret::Encoded(text.trim().to_uppercase())
        .to_bytes()
        .map_err(|_| SecondFactorError::Secret(0))?;
    totp(&secret, "prorata", "user")?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 seed.
    const SEED: &[u8; 20] = b"12345678901234567890";

    #[test]
    fn codes_are_rfc_6238_s_test_vectors_in_six_digits() {
        // The RFC gives 8 digits; a 6-digit code is their last six.
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                code_at(SEED, time).expect("a code"),
                eight[2..],
                "at {time}"
            );
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_never_twice() {
        let at = 1_111_111_111;
        let step = at / STEP_SECONDS;
        let code = code_at(SEED, at).expect("a code");
        assert_eq!(accepted_step(SEED, &code, at, 0), Ok(step));
        assert_eq!(
            accepted_step(SEED, &code, at + STEP_SECONDS, 0),
            Ok(step),
            "a step late"
        );
        assert_eq!(
            accepted_step(SEED, &code, at - STEP_SECONDS, 0),
            Ok(step),
            "a step early"
        );
        assert_eq!(
            accepted_step(SEED, &code, at + 2 * STEP_SECONDS, 0),
            Err(SecondFactorError::Wrong),
            "two steps late"
        );
        assert_eq!(
            accepted_step(SEED, &code, at, step),
            Err(SecondFactorError::Replayed),
            "the same step again"
        );
        let next = code_at(SEED, at + STEP_SECONDS).expect("a code");
        assert_eq!(
            accepted_step(SEED, &next, at + STEP_SECONDS, step),
            Ok(step + 1)
        );
    }

    #[test]
    fn five_wrong_codes_in_a_row_pause_codes_for_fifteen_minutes_from_the_last() {
        let last = DateTime::from_timestamp(1_000_000, 0).expect("a time");
        let later = |seconds| last + TimeDelta::seconds(seconds);
        assert_eq!(paused_until(4, Some(last), later(1)), None, "four wrong");
        assert_eq!(
            paused_until(5, Some(last), later(1)),
            Some(later(PAUSE_SECONDS))
        );
        assert_eq!(
            paused_until(5, Some(last), later(PAUSE_SECONDS)),
            None,
            "the pause is over"
        );
        assert_eq!(paused_until(9, None, last), None, "no failure noted");
    }

    #[test]
    fn a_malformed_code_or_secret_is_refused_by_name() {
        for code in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(
                accepted_step(SEED, code, 59, 0),
                Err(SecondFactorError::Malformed),
                "{code:?}"
            );
        }
        assert_eq!(
            accepted_step(&SEED[..10], "287082", 59, 0),
            Err(SecondFactorError::Secret(10))
        );
    }

    #[test]
    fn the_uri_names_issuer_account_and_secret_for_an_authenticator_app() {
        let uri = otpauth_uri(SEED, "Prorata main", "olga").expect("a uri");
        assert!(
            uri.starts_with("otpauth://totp/Prorata%20main:olga?"),
            "{uri}"
        );
        assert!(
            uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{uri}"
        );
        assert_eq!(
            secret_text(SEED).expect("text"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(
            secret_from_text("gezdgnbvgy3tqojqgezdgnbvgy3tqojq").expect("read back"),
            SEED
        );
    }
}
