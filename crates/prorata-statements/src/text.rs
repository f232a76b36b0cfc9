//! How figures, dates and ratios read on a statement: amounts grouped in thousands at their
//! currency's scale, negatives in parentheses as accountants write them, dates spelled out,
//! percentages cut from exact integer ratios. Everything here is text made from exact values:
//! no figure passes through floating point.

use chrono::NaiveDate;
use prorata_domain::{Currency, Money};

/// `1,234,567.89`; a negative amount is `(1,234.00)`; JPY `5,000`.
pub fn amount(money: Money) -> String {
    let text = grouped(money.minor_units().unsigned_abs(), money.currency());
    if money.is_negative() {
        format!("({text})")
    } else {
        text
    }
}

/// The amount with its currency's symbol in front where it has one: `$ 1,234.00`,
/// `₦ 120,000.00`, `CHF 50.00`.
pub fn amount_with_symbol(money: Money) -> String {
    format!("{} {}", symbol(money.currency()), amount(money))
}

/// The sign a reader knows the currency by; its ISO code where it has none of its own.
pub fn symbol(currency: Currency) -> &'static str {
    match currency.code() {
        "USD" | "AUD" | "SGD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "INR" => "₹",
        "NGN" => "₦",
        "JPY" => "¥",
        "KRW" => "₩",
        "GHS" => "₵",
        code => code,
    }
}

/// `USD ($)`, `CHF`: how a column or a header names the currency.
pub fn currency_label(currency: Currency) -> String {
    let symbol = symbol(currency);
    if symbol == currency.code() {
        symbol.to_owned()
    } else {
        format!("{} ({symbol})", currency.code())
    }
}

fn grouped(minor_units: u128, currency: Currency) -> String {
    let scale = currency.minor_unit_scale();
    let unit = 10u128.pow(scale);
    let whole = (minor_units / unit).to_string();
    let mut text = String::with_capacity(whole.len() + whole.len() / 3 + 6);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    if scale > 0 {
        let fraction = minor_units % unit;
        text.push('.');
        text.push_str(&format!("{fraction:0width$}", width = scale as usize));
    }
    text
}

/// `30 Nov 2026`.
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// `part / whole` as a percentage with `places` decimals, rounded half up: `1 / 3` at 4
/// places is `33.3333%`. A zero whole reads `0%` at the same places.
pub fn percent_of(part: i128, whole: i128, places: u32) -> String {
    let negative = (part < 0) != (whole < 0) && part != 0;
    let (part, whole) = (part.unsigned_abs(), whole.unsigned_abs());
    let unit = 10u128.pow(places);
    let scaled = if whole == 0 {
        0
    } else {
        // 100 · unit · part, halved up over the whole: exact in 128 bits for every amount a
        // ledger holds (at most 10^19 minor units times 10^6).
        (part * 100 * unit * 2 + whole) / (whole * 2)
    };
    let sign = if negative && scaled > 0 { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{scaled}%");
    }
    format!(
        "{sign}{}.{:0width$}%",
        scaled / unit,
        scaled % unit,
        width = places as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str) -> Money {
        Money::parse_signed(text, Currency::from_code("USD").expect("USD")).expect("amount")
    }

    #[test]
    fn amounts_are_grouped_in_thousands_and_negatives_are_bracketed() {
        assert_eq!(amount(usd("0.00")), "0.00");
        assert_eq!(amount(usd("312.00")), "312.00");
        assert_eq!(amount(usd("1234567.89")), "1,234,567.89");
        assert_eq!(amount(usd("-1000.05")), "(1,000.05)");
        assert_eq!(amount(usd("100000.00")), "100,000.00");
        let yen = Money::parse("5000", Currency::from_code("JPY").expect("JPY")).expect("yen");
        assert_eq!(amount(yen), "5,000");
        let dinar =
            Money::parse("1234.567", Currency::from_code("KWD").expect("KWD")).expect("kwd");
        assert_eq!(amount(dinar), "1,234.567");
    }

    #[test]
    fn grouped_text_reads_back_as_the_same_amount() {
        let usd = Currency::from_code("USD").expect("USD");
        for minor in [0i128, 1, 99, 100, 123_456, 99_999_999, 123_456_789_012_345] {
            let money = Money::from_minor_units(minor, usd).expect("in range");
            let back = Money::parse_grouped(&amount(money), usd).expect("reads back");
            assert_eq!(back, money, "{} must read back as itself", amount(money));
        }
    }

    #[test]
    fn currencies_show_their_symbol_or_their_code() {
        assert_eq!(amount_with_symbol(usd("1.50")), "$ 1.50");
        let ngn = Money::parse("120000", Currency::from_code("NGN").expect("NGN")).expect("ngn");
        assert_eq!(amount_with_symbol(ngn), "₦ 120,000.00");
        let chf = Currency::from_code("CHF").expect("CHF");
        assert_eq!(currency_label(chf), "CHF");
        assert_eq!(
            currency_label(Currency::from_code("INR").expect("INR")),
            "INR (₹)"
        );
    }

    #[test]
    fn percentages_are_rounded_half_up_from_exact_ratios() {
        assert_eq!(percent_of(1, 3, 4), "33.3333%");
        assert_eq!(percent_of(2, 3, 4), "66.6667%");
        assert_eq!(percent_of(2_000, 10_000, 4), "20.0000%");
        assert_eq!(percent_of(1, 8, 2), "12.50%");
        assert_eq!(percent_of(1, 200_000, 4), "0.0005%");
        assert_eq!(percent_of(0, 0, 2), "0.00%");
        assert_eq!(percent_of(-1, 4, 1), "-25.0%");
        assert_eq!(percent_of(1, 2, 0), "50%");
    }

    #[test]
    fn dates_are_spelled_out() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(date(day), "30 Nov 2026");
    }
}
