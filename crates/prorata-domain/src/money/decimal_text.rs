//! A strict reader of decimal text, shared by amounts, rates, units and weights.
//!
//! It accepts only `-?digits(.digits)?`: no exponent, no `+`, no spaces, no separators. The
//! looser parsers of general-purpose libraries accept forms such as `1_000` or `1e3`, and an
//! officer who typed one of those meant something we should ask about, not guess.

use rust_decimal::Decimal;

/// What a reader accepts: how many decimals and integer digits, and whether a minus sign.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DecimalLimits {
    pub max_scale: u32,
    pub max_integer_digits: u32,
    pub allow_negative: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalTextError {
    NotANumber,
    Negative,
    TooManyDecimals,
    TooLarge,
}

/// Reads `input` into a `Decimal` whose scale is exactly `limits.max_scale`.
///
/// Zeros past the allowed decimals are accepted (`1000.00` is a whole number of yen); any
/// other digit there is an error rather than a rounding, because rounding input silently
/// would invent or lose money.
pub(crate) fn parse_decimal(
    input: &str,
    limits: DecimalLimits,
) -> Result<Decimal, DecimalTextError> {
    let (negative, unsigned) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let (integer_digits, fraction_digits) = match unsigned.split_once('.') {
        Some((integer, fraction)) if !fraction.is_empty() => (integer, fraction),
        Some(_) => return Err(DecimalTextError::NotANumber),
        None => (unsigned, ""),
    };
    let is_digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    if integer_digits.is_empty() || !is_digits(integer_digits) || !is_digits(fraction_digits) {
        return Err(DecimalTextError::NotANumber);
    }
    let is_zero = integer_digits
        .bytes()
        .chain(fraction_digits.bytes())
        .all(|b| b == b'0');
    if negative && !is_zero && !limits.allow_negative {
        return Err(DecimalTextError::Negative);
    }
    let max_scale = limits.max_scale as usize;
    let kept_fraction = if fraction_digits.len() > max_scale {
        let (kept, extra) = fraction_digits.split_at(max_scale);
        if extra.bytes().any(|b| b != b'0') {
            return Err(DecimalTextError::TooManyDecimals);
        }
        kept
    } else {
        fraction_digits
    };
    let significant_integer = integer_digits.trim_start_matches('0');
    if significant_integer.len() > limits.max_integer_digits as usize {
        return Err(DecimalTextError::TooLarge);
    }
    let padding = max_scale - kept_fraction.len();
    let mut mantissa: i128 = 0;
    let digits = significant_integer.bytes().chain(kept_fraction.bytes());
    for digit in digits.chain(std::iter::repeat_n(b'0', padding)) {
        // At most 15 + 12 digits reach here, far inside i128, so this cannot overflow.
        mantissa = mantissa * 10 + i128::from(digit - b'0');
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, limits.max_scale)
        .map_err(|_| DecimalTextError::TooLarge)
}

/// The text without its thousands separators, if every comma groups the integer digits in
/// threes (`12,000.50`, `-1,234,567`); `None` if a comma is anywhere else (`12,00`, `1,2000`,
/// `0.000,5`), which could be a decimal comma and so is asked about, not guessed.
pub(crate) fn ungroup(input: &str) -> Option<String> {
    if !input.contains(',') {
        return Some(input.to_owned());
    }
    let unsigned = input.strip_prefix('-').unwrap_or(input);
    let integer = unsigned
        .split_once('.')
        .map_or(unsigned, |(integer, _)| integer);
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or_default();
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let fraction_clean = !unsigned[integer.len()..].contains(',');
    (first_ok && rest_ok && fraction_clean).then(|| input.replace(',', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_that_group_in_threes_are_taken_out_and_others_are_refused() {
        assert_eq!(ungroup("12,000.50").as_deref(), Some("12000.50"));
        assert_eq!(ungroup("-1,234,567").as_deref(), Some("-1234567"));
        assert_eq!(ungroup("999").as_deref(), Some("999"));
        assert_eq!(
            ungroup("1234.5").as_deref(),
            Some("1234.5"),
            "grouping is optional"
        );
        for input in [
            "12,00", "1,2000", ",100", "1,000,00", "1000,000", "0.000,5", "1,,000", "1,000,",
            "a,000",
        ] {
            assert_eq!(ungroup(input), None, "{input:?} was ungrouped");
        }
    }

    const CENTS: DecimalLimits = DecimalLimits {
        max_scale: 2,
        max_integer_digits: 15,
        allow_negative: false,
    };

    fn read(input: &str) -> Result<String, DecimalTextError> {
        parse_decimal(input, CENTS).map(|d| d.to_string())
    }

    #[test]
    fn plain_decimals_are_read_at_the_exact_scale() {
        assert_eq!(read("12"), Ok("12.00".to_owned()));
        assert_eq!(read("12.5"), Ok("12.50".to_owned()));
        assert_eq!(read("0.07"), Ok("0.07".to_owned()));
        assert_eq!(
            read("007.10"),
            Ok("7.10".to_owned()),
            "leading zeros change nothing"
        );
        assert_eq!(
            read("3.1000"),
            Ok("3.10".to_owned()),
            "trailing zeros change nothing"
        );
        assert_eq!(
            read("-0.00"),
            Ok("0.00".to_owned()),
            "minus zero is zero, not negative"
        );
    }

    #[test]
    fn anything_but_plain_decimal_text_is_not_a_number() {
        for input in [
            "", " 1", "1 ", "+1", "1e3", "1_000", "1,000.00", ".5", "5.", "--1", "-", "0x10",
            "NaN", "inf", "1.2.3", "١٢", "12.5\n",
        ] {
            assert_eq!(
                read(input),
                Err(DecimalTextError::NotANumber),
                "{input:?} was accepted"
            );
        }
    }

    #[test]
    fn digits_past_the_scale_are_refused_not_rounded() {
        assert_eq!(read("12.345"), Err(DecimalTextError::TooManyDecimals));
        assert_eq!(read("0.001"), Err(DecimalTextError::TooManyDecimals));
    }

    #[test]
    fn a_negative_is_refused_where_none_is_allowed_and_kept_where_it_is() {
        assert_eq!(read("-1.00"), Err(DecimalTextError::Negative));
        let signed = DecimalLimits {
            allow_negative: true,
            ..CENTS
        };
        assert_eq!(
            parse_decimal("-1.5", signed).map(|d| d.to_string()),
            Ok("-1.50".to_owned())
        );
    }

    #[test]
    fn more_integer_digits_than_allowed_is_too_large() {
        assert_eq!(
            read("999999999999999.99"),
            Ok("999999999999999.99".to_owned())
        );
        assert_eq!(read("1000000000000000"), Err(DecimalTextError::TooLarge));
        assert_eq!(
            read("99999999999999999999999999999999999"),
            Err(DecimalTextError::TooLarge)
        );
    }
}
