//! Numbers and dates as each language writes them: digit groups and decimal marks (1,234.5 /
//! 1.234,5 / 1 234,5), and dates with the month's name from the catalogues.

use chrono::{Datelike, NaiveDateTime};

use crate::i18n;

/// The group separator and the decimal mark of `lang` (CLDR: Ukrainian groups with a
/// no-break space).
fn marks(lang: &str) -> (&'static str, char) {
    match lang {
        "es" => (".", ','),
        "uk" => ("\u{a0}", ','),
        _ => (",", '.'),
    }
}

fn grouped(whole: u128, lang: &str) -> String {
    let (group, _) = marks(lang);
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(digit);
    }
    out
}

/// A number with at most `decimals` decimals (trailing zeros dropped), grouped.
pub fn with_decimals(value: f64, decimals: u32, lang: &str) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let scale = 10u128.pow(decimals);
    let scaled = (value.abs() * scale as f64).round() as u128;
    let mut out = String::new();
    if value < 0.0 && scaled > 0 {
        out.push('-');
    }
    out.push_str(&grouped(scaled / scale, lang));
    let fraction = scaled % scale;
    if fraction > 0 {
        let digits = format!("{fraction:0width$}", width = decimals as usize);
        out.push(marks(lang).1);
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// A count or an amount without decimals.
pub fn number(value: f64, lang: &str) -> String {
    with_decimals(value, 0, lang)
}

/// A money amount: cents shown only when there are some (1,234.50, 3,848,000).
pub fn money(amount: f64, lang: &str) -> String {
    let cents = (amount.abs() * 100.0).round() as u128;
    let whole = grouped(cents / 100, lang);
    let sign = if amount < 0.0 && cents > 0 { "-" } else { "" };
    if cents.is_multiple_of(100) {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{:02}", marks(lang).1, cents % 100)
    }
}

/// A stored timestamp or date (`2026-11-26T10:00:00`, `2026-11-26`) read as a date-time.
pub fn parse(value: &str) -> Option<NaiveDateTime> {
    let trimmed = value.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })
}

/// "26 November 2026", "26 de noviembre de 2026", "26 листопада 2026 р.".
pub fn day(value: &str, lang: &str) -> String {
    let Some(at) = parse(value) else {
        return value.to_owned();
    };
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("day", at.day().to_string());
    args.set(
        "month",
        i18n::text(lang, &format!("date.month_{}", at.month())),
    );
    args.set("year", at.year().to_string());
    i18n::text_with(lang, "date.day", Some(&args))
}

/// The day and the time in UTC: "26 November 2026, 10:05 UTC".
pub fn when(value: &str, lang: &str) -> String {
    let Some(at) = parse(value) else {
        return value.to_owned();
    };
    format!("{}, {} UTC", day(value, lang), at.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(money(3_848_000.0, "en"), "3,848,000");
        assert_eq!(money(3_848_000.0, "es"), "3.848.000");
        assert_eq!(money(3_848_000.0, "uk"), "3\u{a0}848\u{a0}000");
        assert_eq!(money(1234.5, "en"), "1,234.50");
        assert_eq!(money(1234.5, "es"), "1.234,50");
        assert_eq!(money(999.0, "en"), "999");
        assert_eq!(money(-1000.0, "en"), "-1,000");
        assert_eq!(with_decimals(2.25, 1, "es"), "2,3");
        assert_eq!(with_decimals(2.0, 1, "en"), "2");
        assert_eq!(number(12345.0, "en"), "12,345");
    }

    #[test]
    fn dates_name_the_month_in_each_language() {
        assert_eq!(day("2026-11-26T10:05:00", "en"), "26 November 2026");
        assert_eq!(day("2026-11-26", "es"), "26 de noviembre de 2026");
        assert_eq!(day("2026-11-26T10:05:00.123", "uk"), "26 листопада 2026 р.");
        assert_eq!(
            when("2026-11-26T10:05:00", "en"),
            "26 November 2026, 10:05 UTC"
        );
        assert_eq!(day("bad", "en"), "bad");
    }
}
