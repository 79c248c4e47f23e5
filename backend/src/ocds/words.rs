//! Words for full-text search, so a search finds a word in its other forms ("ambulancia"
//! finds "ambulancias", "hospital" finds "hospitales"). Processes come in several languages
//! and a process does not say which, so each word is indexed with its Snowball stems in the
//! languages Veedor's publishers write in (Spanish, Portuguese and English for Latin script;
//! for Cyrillic, Russian: Snowball has no Ukrainian stemmer, and Russian's suffixes cover the
//! common Ukrainian plurals and cases), and a searched word
//! matches any of its stems. Stems only add ways to match: the word itself always matches.

use std::sync::LazyLock;

use chrono::NaiveDateTime;

use rust_stemmers::{Algorithm, Stemmer};

static LATIN: LazyLock<[Stemmer; 3]> = LazyLock::new(|| {
    [
        Stemmer::create(Algorithm::Spanish),
        Stemmer::create(Algorithm::Portuguese),
        Stemmer::create(Algorithm::English),
    ]
});
static CYRILLIC: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// The words of a text as the index sees them: lowercase runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The stems of one lowercase word that differ from it.
pub fn stems(word: &str) -> Vec<String> {
    // Short words and numbers are their own stem.
    if word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out: Vec<String> = if word
        .chars()
        .any(|c| matches!(c, 'а'..='я' | 'є' | 'і' | 'ї' | 'ґ'))
    {
        // Ukrainian letters the Russian stemmer does not know are read as their nearest
        // Russian ones, the same way for the index and the query.
        let nearest: String = word
            .chars()
            .map(|c| match c {
                'і' | 'ї' => 'и',
                'є' => 'е',
                'ґ' => 'г',
                other => other,
            })
            .collect();
        vec![CYRILLIC.stem(&nearest).into_owned()]
    } else {
        LATIN.iter().map(|s| s.stem(word).into_owned()).collect()
    };
    out.retain(|s| s != word && s.chars().count() >= 3);
    out.sort_unstable();
    out.dedup();
    out
}

/// Stems already computed on this thread. An import indexes the same words over and over (an
/// agency's name on each of its processes, a publisher's stock phrases), and three stemmers
/// per word were a sixth of the writing thread's time; the map is emptied when it fills, so
/// memory stays bounded whatever the input.
const REMEMBERED_WORDS: usize = 50_000;

thread_local! {
    static REMEMBERED: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The text to index for a process: its words, then the stems they add.
pub fn indexed(text: &str) -> String {
    let mut extra = Vec::new();
    REMEMBERED.with_borrow_mut(|remembered| {
        for word in words(text) {
            if let Some(known) = remembered.get(&word) {
                extra.extend(known.iter().cloned());
                continue;
            }
            let found = stems(&word);
            extra.extend(found.iter().cloned());
            if remembered.len() >= REMEMBERED_WORDS {
                remembered.clear();
            }
            remembered.insert(word, found);
        }
    });
    extra.sort_unstable();
    extra.dedup();
    if extra.is_empty() {
        return text.to_owned();
    }
    format!("{text} {}", extra.join(" "))
}

/// A filter's value as one more word of a process's index entry, so words and filters are
/// matched together inside the full-text index (SQLite): the index intersects the two lists
/// of matches a page at a time, instead of the database listing every match of a common word
/// to check each against the filter. A digest, so any value is one token that no text holds.
pub fn filter_term(field: FilterField, value: &str) -> String {
    let digest = blake3::hash(value.as_bytes()).to_hex();
    format!("zz{}{}", field.code(), &digest[..16])
}

/// The filters kept as words in the index (see [`filter_term`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Buyer,
    ProcuringEntity,
    Method,
    Category,
    Status,
    Stage,
    PublicWorks,
}

impl FilterField {
    fn code(self) -> &'static str {
        match self {
            FilterField::Buyer => "b",
            FilterField::ProcuringEntity => "p",
            FilterField::Method => "m",
            FilterField::Category => "c",
            FilterField::Status => "s",
            FilterField::Stage => "g",
            FilterField::PublicWorks => "w",
        }
    }
}

/// A process's entry in the full-text index: its text's words with their stems, and its
/// filters as words. The import and every rebuild write it through here, so both agree.
pub fn entry(text: &str, filters: &FilterValues<'_>) -> String {
    entry_of_words(&indexed(text), filters)
}

/// The same entry from its text's words, found beforehand with [`indexed`] (the import finds
/// them where it compiles, off the thread that writes).
pub fn entry_of_words(words: &str, filters: &FilterValues<'_>) -> String {
    format!("{words} {}", filters.terms())
}

/// What the indicator filter says for processes that any indicator flags.
pub const ANY_FLAG: &str = "any";

/// A risk indicator's code (or [`ANY_FLAG`]) as a word of the index entries of the processes
/// it flags; `None` for what no code is (letters and digits only).
pub fn flag_term(code: &str) -> Option<String> {
    (!code.is_empty() && code.len() <= 16 && code.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| format!("zzr{}", code.to_ascii_lowercase()))
}

/// A process's filter values, as its index entry holds them as words.
#[derive(Debug, Clone, Copy)]
pub struct FilterValues<'a> {
    pub buyer: Option<&'a str>,
    pub procuring_entity: Option<&'a str>,
    pub method: Option<&'a str>,
    pub category: Option<&'a str>,
    pub status: Option<&'a str>,
    pub stage: &'a str,
    pub public_works: bool,
    pub value: Option<f64>,
    pub last_release: Option<NaiveDateTime>,
    /// The codes of the risk indicators that flag the process.
    pub flags: &'a [String],
}

impl FilterValues<'_> {
    /// The words: one per filter (absent values have none), and the buckets of the value and
    /// of the latest release date ([`value_range_terms`], [`date_range_terms`]).
    pub fn terms(&self) -> String {
        let mut terms = Vec::with_capacity(12);
        for (field, value) in [
            (FilterField::Buyer, self.buyer),
            (FilterField::ProcuringEntity, self.procuring_entity),
            (FilterField::Method, self.method),
            (FilterField::Category, self.category),
            (FilterField::Status, self.status),
            (FilterField::Stage, Some(self.stage)),
            (
                FilterField::PublicWorks,
                Some(if self.public_works { "true" } else { "false" }),
            ),
        ] {
            if let Some(value) = value {
                terms.push(filter_term(field, value));
            }
        }
        if let Some(v) = self.value {
            value_terms(v, &mut terms);
        }
        if let Some(d) = self.last_release {
            date_terms(d, &mut terms);
        }
        terms.extend(self.flags.iter().filter_map(|code| flag_term(code)));
        if !self.flags.is_empty() {
            terms.extend(flag_term(ANY_FLAG));
        }
        terms.join(" ")
    }
}

// Ranges as words. A value falls in a bucket per sixty-fourth of a power of two (values
// within 1.1 % of each other), in one per quarter power of two, in one per power of two and in
// one per four of those; a date in its day, its month, its year and its decade. A range is then
// the buckets it covers, ORed, the coarsest that fit (a few dozen at most), and the index
// intersects them with the words. The buckets at a range's ends may hold processes just
// outside it: the rows the index finds there are checked against the exact range one by one,
// so the finest buckets are narrow (with a quarter power of two, `value_min=5000000` checked
// thousands of rows at a million generated processes).

/// Fine value buckets per power of two.
const PER_POWER: i32 = 64;
/// Fine value buckets: 0 for less than 1 (and negative; 1 to 63 unused, so that sixty-four
/// fine buckets make a power of two), then sixty-four per power of two, the last from
/// 2^(63 + 63/64) up (no public contract is worth more).
const VALUE_BUCKETS: i32 = PER_POWER + PER_POWER * 64;
/// Dates are bucketed between these days (dates outside fall in the first or last).
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2199;

/// 2^(k/64) for k = 1..=63: where a mantissa in [1, 2) passes into the next fine bucket. Made
/// of square roots and products, which IEEE 754 rounds exactly alike everywhere (a `powf`
/// may differ by an ulp between platforms, and an instance indexing on one and another
/// querying on another would put a value at an edge in two buckets).
static STEPS: std::sync::LazyLock<[f64; PER_POWER as usize - 1]> = std::sync::LazyLock::new(|| {
    // 2^(1/2), 2^(1/4), ..., 2^(1/64).
    let mut roots = [0.0; 6];
    let mut root = 2f64;
    for r in &mut roots {
        root = root.sqrt();
        *r = root;
    }
    std::array::from_fn(|i| {
        let k = i + 1;
        // k in sixty-fourths: bit 5 is a half, bit 0 a sixty-fourth.
        (0..6)
            .filter(|bit| k & (32 >> bit) != 0)
            .map(|bit| roots[bit])
            .product()
    })
});

fn value_bucket(v: f64) -> i32 {
    // Less than one, and NaN.
    if v.partial_cmp(&1.0).is_none_or(|o| o.is_lt()) {
        return 0;
    }
    // floor(64 log2 v): the binary exponent, and the mantissa against the steps. A range
    // trusts the buckets strictly between its ends', so the steps need only be increasing
    // and the same wherever the index is written or read, not exactly 2^(k/64).
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mantissa = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    let step = STEPS.partition_point(|&s| s <= mantissa) as i32;
    (PER_POWER + PER_POWER * exponent + step).min(VALUE_BUCKETS - 1)
}

const VALUE_LEVELS: [Level; 4] = [
    Level {
        size: 256,
        word: |c| format!("zzvc{c}"),
    },
    Level {
        size: 64,
        word: |m| format!("zzvm{m}"),
    },
    Level {
        size: 16,
        word: |q| format!("zzvf{q}"),
    },
    Level {
        size: 1,
        word: |f| format!("zzvs{f}"),
    },
];

fn value_terms(v: f64, terms: &mut Vec<String>) {
    let fine = value_bucket(v);
    terms.extend(VALUE_LEVELS.iter().map(|l| (l.word)(fine / l.size)));
}

/// Days since the common era, clamped to the years bucketed.
fn day_index(d: NaiveDateTime) -> i32 {
    use chrono::Datelike;
    let first = chrono::NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or_default();
    let last = chrono::NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or_default();
    d.date().clamp(first, last).num_days_from_ce()
}

fn date_of(day: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default()
}

fn date_terms(d: NaiveDateTime, terms: &mut Vec<String>) {
    use chrono::Datelike;
    let date = date_of(day_index(d));
    terms.push(format!("zzdd{}", date.format("%Y%m%d")));
    terms.push(format!("zzdm{}", date.format("%Y%m")));
    terms.push(format!("zzdy{}", date.year()));
    terms.push(format!("zzdx{}", date.year() / 10));
}

/// The FTS5 expression of a value range (either end open): the value buckets it covers.
pub fn value_range_terms(min: Option<f64>, max: Option<f64>) -> String {
    value_range(min, max).whole
}

/// The FTS5 expression of a range of dates (either end open): the days, months, years and
/// decades it covers, the coarsest that fit.
pub fn date_range_terms(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> String {
    date_range(from, to).whole
}

/// A range as words of the index: every bucket it covers (`whole`), the buckets wholly inside
/// it (`inside`: what the index finds there needs no check) and the finest buckets at its
/// given ends (`ends`: what the index finds there is checked against the exact range).
#[derive(Debug, Clone)]
pub struct RangeWords {
    pub whole: String,
    pub inside: Option<String>,
    pub ends: Vec<String>,
}

pub fn value_range(min: Option<f64>, max: Option<f64>) -> RangeWords {
    let first = min.map_or(0, value_bucket);
    let last = max.map_or(VALUE_BUCKETS - 1, value_bucket);
    range_words(
        (first, min.is_some()),
        (last, max.is_some()),
        |a, b| cover(a, b, &VALUE_LEVELS),
        |f| format!("\"zzvs{f}\""),
    )
}

/// The last instant of a day, as the date filters' `to` takes a day (see `http::queries`): to
/// the microsecond, the precision dates are stored with on both backends (`summary::
/// parse_date`; PostgreSQL's timestamps hold no finer, and diesel rounds nanoseconds before
/// 2000 up to the next microsecond, which would be the next day).
pub fn end_of_day(day: chrono::NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default())
}

pub fn date_range(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> RangeWords {
    let (first_day, last_day) = (day_index(NaiveDateTime::MIN), day_index(NaiveDateTime::MAX));
    let first = from.map_or(first_day, day_index);
    let last = to.map_or(last_day, day_index);
    // A range of whole days (the pages' and most callers'): its ends' days lie wholly inside
    // it, and need no check. The first and last days bucketed also hold the days beyond.
    let check_from = from.is_some_and(|f| f.time() != chrono::NaiveTime::MIN || first == first_day);
    let check_to = to.is_some_and(|t| t != end_of_day(t.date()) || last == last_day);
    range_words((first, check_from), (last, check_to), date_cover, |d| {
        format!("\"zzdd{}\"", date_of(d).format("%Y%m%d"))
    })
}

/// `first` and `last` fine buckets, each with whether the range's end lies inside it, so that
/// the bucket holds values outside the range and must be checked (an open end, or one on the
/// bucket's edge, covers its bucket whole).
fn range_words(
    (first, check_first): (i32, bool),
    (last, check_last): (i32, bool),
    cover: impl Fn(i32, i32) -> Vec<String>,
    fine: impl Fn(i32) -> String,
) -> RangeWords {
    let lo = if check_first { first + 1 } else { first };
    let hi = if check_last { last - 1 } else { last };
    let mut ends = Vec::new();
    if first <= last {
        if check_first {
            ends.push(fine(first));
        }
        if check_last && !(check_first && first == last) {
            ends.push(fine(last));
        }
    }
    RangeWords {
        whole: ored(cover(first, last)),
        inside: (lo <= hi).then(|| ored(cover(lo, hi))),
        ends,
    }
}

/// Days `first..=last` as words: the days, months, years and decades they cover, the
/// coarsest that fit.
fn date_cover(first: i32, last: i32) -> Vec<String> {
    use chrono::Datelike;
    let mut terms = Vec::new();
    let mut day = first;
    while day <= last {
        let date = date_of(day);
        // The first day of a decade, a year or a month that the range holds whole.
        let ends = |years: i32, months: u32| {
            let (y, m) = (date.year(), date.month0());
            let end = if months == 0 {
                chrono::NaiveDate::from_ymd_opt(y + years, 1, 1)
            } else {
                let next = m + months;
                chrono::NaiveDate::from_ymd_opt(y + (next / 12) as i32, next % 12 + 1, 1)
            };
            end.map(|e| e.num_days_from_ce() - 1)
        };
        let whole = [
            (
                date.year() % 10 == 0 && date.ordinal() == 1,
                ends(10, 0),
                "zzdx",
                date.year() / 10,
                0,
            ),
            (date.ordinal() == 1, ends(1, 0), "zzdy", date.year(), 0),
            (
                date.day() == 1,
                ends(0, 1),
                "zzdm",
                date.year(),
                date.month(),
            ),
        ]
        .into_iter()
        .find(|(starts, end, ..)| *starts && end.is_some_and(|e| e <= last));
        match whole {
            Some((_, Some(end), prefix, n, 0)) => {
                terms.push(format!("\"{prefix}{n}\""));
                day = end + 1;
            }
            Some((_, Some(end), prefix, n, month)) => {
                terms.push(format!("\"{prefix}{n}{month:02}\""));
                day = end + 1;
            }
            _ => {
                terms.push(format!("\"zzdd{}\"", date.format("%Y%m%d")));
                day += 1;
            }
        }
    }
    terms
}

/// A level of buckets: how many fine buckets one holds, and its word for bucket `n`.
struct Level {
    size: i32,
    word: fn(i32) -> String,
}

/// An expression over the filters' words, as this module writes them for FTS5 (quoted words,
/// parentheses, `OR`, `AND`), as a PostgreSQL tsquery over the same lexemes. The words are
/// lowercase letters and digits, so neither quoting nor the operators can occur inside one.
pub fn as_tsquery(expr: &str) -> String {
    expr.replace('"', "'")
        .replace(" OR ", " | ")
        .replace(" AND ", " & ")
}

/// A range that covers nothing is a word no process holds.
fn ored(terms: Vec<String>) -> String {
    if terms.is_empty() {
        return "\"zzempty\"".to_owned();
    }
    format!("({})", terms.join(" OR "))
}

/// `first..=last` in fine buckets, written with the coarsest buckets wholly inside it
/// (`levels`, largest first, the last one fine).
fn cover(first: i32, last: i32, levels: &[Level]) -> Vec<String> {
    let mut terms = Vec::new();
    let mut at = first;
    while at <= last {
        let level = levels
            .iter()
            .find(|l| at % l.size == 0 && at + l.size - 1 <= last)
            .unwrap_or(&levels[levels.len() - 1]);
        terms.push(format!("\"{}\"", (level.word)(at / level.size)));
        at += level.size;
    }
    terms
}

/// Each searched word with its stems: every word must match, in any of its forms.
pub fn query_terms(q: &str) -> Vec<Vec<String>> {
    words(q)
        .map(|w| {
            let mut forms = vec![w.clone()];
            forms.extend(stems(&w));
            forms
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_and_its_plural_share_a_stem() {
        for (one, other) in [
            ("ambulancia", "ambulancias"),
            ("hospital", "hospitales"),
            ("construcción", "construcciones"),
            ("bridge", "bridges"),
            ("лікарня", "лікарні"),
        ] {
            let mut a = stems(one);
            a.push(one.to_owned());
            let mut b = stems(other);
            b.push(other.to_owned());
            assert!(
                a.iter().any(|s| b.contains(s)),
                "{one} {a:?} / {other} {b:?}"
            );
        }
        assert!(stems("2026").is_empty() && stems("de").is_empty());
        // A filter's word is one token whatever its value, and no searched word reaches it.
        let term = filter_term(FilterField::Buyer, "PY-RUC-80000001 (Ñemby)");
        assert_eq!(
            words(&term).collect::<Vec<_>>(),
            std::slice::from_ref(&term)
        );
        assert_ne!(
            term,
            filter_term(FilterField::ProcuringEntity, "PY-RUC-80000001 (Ñemby)")
        );
        assert!(indexed("Compra de ambulancias").contains(" ambul"));
        // A bucket's word is one token too.
        let range = value_range_terms(Some(3.5), None);
        let tokens: Vec<String> = words(&range).filter(|w| w != "or").collect();
        assert_eq!(tokens.len(), range.matches(" OR ").count() + 1);
        assert!(tokens.iter().all(|t| t.starts_with("zzv")), "{tokens:?}");
        assert_eq!(query_terms("  "), Vec::<Vec<String>>::new());
    }

    /// The words of a value or date, and the words a range is written with.
    fn shared(terms: &str, range: &str) -> bool {
        let range: Vec<&str> = range
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && *w != "OR")
            .collect();
        terms.split(' ').any(|t| range.contains(&t))
    }

    /// What the index finds among the buckets inside a range is inside it (it is not checked);
    /// whatever is inside is found there or at the range's ends.
    fn split_holds(terms: &str, range: &RangeWords, inside: bool) {
        let in_inside = range.inside.as_ref().is_some_and(|i| shared(terms, i));
        let at_ends = range.ends.iter().any(|e| shared(terms, e));
        if in_inside {
            assert!(inside, "{terms} found unchecked by {range:?}");
        }
        if inside {
            assert!(in_inside || at_ends, "{terms} lost by {range:?}");
        }
    }

    fn values(value: Option<f64>, last_release: Option<NaiveDateTime>) -> String {
        FilterValues {
            buyer: None,
            procuring_entity: None,
            method: None,
            category: None,
            status: None,
            stage: "tender",
            public_works: false,
            value,
            last_release,
            flags: &[],
        }
        .terms()
    }

    #[test]
    fn a_range_holds_the_buckets_of_every_value_inside_it_and_few_outside() {
        let points = [
            -5.0,
            0.0,
            0.5,
            1.0,
            1.5,
            2.0,
            3.0,
            4.0,
            1023.0,
            1024.0,
            1025.0,
            99_999.99,
            1e6,
            4_194_304.0,
            1e9,
            1e12,
            1e20,
            1e300,
        ];
        for &min in &points {
            for &max in &points {
                for (lo, hi) in [(Some(min), Some(max)), (Some(min), None), (None, Some(max))] {
                    let range = value_range_terms(lo, hi);
                    assert!(range.matches(" OR ").count() < 60, "{range}");
                    for &v in &points {
                        let inside = lo.is_none_or(|l| v >= l) && hi.is_none_or(|h| v <= h);
                        let terms = values(Some(v), None);
                        if inside {
                            assert!(shared(&terms, &range), "{v} in {lo:?}..{hi:?}: {range}");
                        }
                        split_holds(&terms, &value_range(lo, hi), inside);
                        // Outside by more than the end's bucket: not found by the index.
                        // (From 2^63 values share one bucket.)
                        let far = lo.is_some_and(|l| l >= 2.0 && v < l / 2.0 && v < 1e18)
                            || hi.is_some_and(|h| h >= 1.0 && v >= h * 2.0 && h < 1e18);
                        if far {
                            assert!(!shared(&terms, &range), "{v} vs {lo:?}..{hi:?}: {range}");
                        }
                    }
                }
            }
        }
        assert!(!shared(
            &values(None, None),
            &value_range_terms(Some(0.0), None)
        ));
    }

    #[test]
    fn value_buckets_follow_the_values_a_sixty_fourth_of_a_power_of_two_each() {
        // Every edge: the value on it opens the bucket, the one just below closes the last.
        for exponent in [0, 1, 22, 40, 62] {
            let scale = 2f64.powi(exponent);
            for (k, step) in STEPS.iter().enumerate() {
                let on = scale * step;
                let fine = PER_POWER + PER_POWER * exponent + k as i32 + 1;
                assert_eq!(value_bucket(on), fine, "{on}");
                assert_eq!(value_bucket(on * (1.0 - 1e-15)), fine - 1, "below {on}");
            }
        }
        // Never down, never more than one bucket for a step of one in ten thousand; the
        // coarser words are the fine bucket divided by 16, 64 and 256.
        let (mut v, mut last) = (1.0_f64, 0);
        while v < 1e13 {
            let b = value_bucket(v);
            assert!(
                b == last || b == last + 1 || last == 0,
                "{v}: {last} -> {b}"
            );
            let terms = values(Some(v), None);
            for level in &VALUE_LEVELS {
                assert!(
                    terms.contains(&(level.word)(b / level.size)),
                    "{v}: {terms}"
                );
            }
            last = b;
            v *= 1.0001;
        }
        assert_eq!(value_bucket(f64::NAN), 0);
        assert_eq!(value_bucket(-3.0), 0);
        assert_eq!(value_bucket(f64::INFINITY), VALUE_BUCKETS - 1);
        assert_eq!(value_bucket(1e300), VALUE_BUCKETS - 1);
    }

    #[test]
    fn a_range_of_whole_days_needs_no_check_at_its_ends() {
        let day = |y: i32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("day");
        let (from, to) = (day(2025, 3, 1), day(2025, 3, 31));
        let range = date_range(
            Some(from.and_time(chrono::NaiveTime::MIN)),
            Some(end_of_day(to)),
        );
        assert!(range.ends.is_empty(), "{range:?}");
        let at = |d: chrono::NaiveDate, h: u32, m: u32, s: u32, nano: u32| {
            values(None, d.and_hms_nano_opt(h, m, s, nano))
        };
        for inside in [
            at(from, 0, 0, 0, 0),
            at(to, 23, 59, 59, 999_999_000),
            at(to, 12, 0, 0, 0),
        ] {
            split_holds(&inside, &range, true);
        }
        for outside in [
            at(day(2025, 2, 28), 23, 59, 59, 999_999_999),
            at(day(2025, 4, 1), 0, 0, 0, 0),
        ] {
            assert!(!shared(&outside, &range.whole), "{outside} in {range:?}");
        }
        // A time within a day is not its edge: that day is checked.
        let noon = date_range(from.and_hms_opt(12, 0, 0), Some(end_of_day(to)));
        assert_eq!(noon.ends, vec!["\"zzdd20250301\"".to_owned()]);
        let until_noon = date_range(None, to.and_hms_opt(12, 0, 0));
        assert_eq!(until_noon.ends, vec!["\"zzdd20250331\"".to_owned()]);
        // The first and last days bucketed also hold the days beyond them.
        let early = date_range(Some(day(1900, 1, 1).and_time(chrono::NaiveTime::MIN)), None);
        assert_eq!(early.ends.len(), 1, "{early:?}");
    }

    #[test]
    fn a_date_range_holds_the_buckets_of_every_date_inside_it_and_few_outside() {
        let at = |y: i32, m: u32, d: u32| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .expect("date")
        };
        let points = [
            at(1850, 1, 1),
            at(1999, 12, 31),
            at(2000, 1, 1),
            at(2019, 12, 31),
            at(2020, 1, 1),
            at(2024, 2, 29),
            at(2024, 3, 1),
            at(2026, 11, 27),
            at(2030, 1, 1),
            at(2300, 6, 1),
        ];
        for &from in &points {
            for &to in &points {
                for (lo, hi) in [(Some(from), Some(to)), (Some(from), None), (None, Some(to))] {
                    let range = date_range_terms(lo, hi);
                    assert!(range.matches(" OR ").count() < 60, "{range}");
                    for &d in &points {
                        let inside = lo.is_none_or(|l| d >= l) && hi.is_none_or(|h| d <= h);
                        let terms = values(None, Some(d));
                        if inside {
                            assert!(shared(&terms, &range), "{d} in {lo:?}..{hi:?}: {range}");
                        }
                        split_holds(&terms, &date_range(lo, hi), inside);
                        use chrono::Datelike;
                        // Another day than the ends' (dates outside the years bucketed share
                        // the first or the last day).
                        let far = lo.is_some_and(|l| d.date() < l.date() && d.year() >= 1900)
                            || hi.is_some_and(|h| d.date() > h.date() && d.year() <= 2199);
                        if far {
                            assert!(!shared(&terms, &range), "{d} vs {lo:?}..{hi:?}: {range}");
                        }
                    }
                }
            }
        }
    }
}
