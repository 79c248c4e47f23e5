//! Words for full-text search, so a search finds a word in its other forms ("ambulancia"
//! finds "ambulancias", "hospital" finds "hospitales"). Processes come in several languages
//! and a process does not say which, so each word is indexed with its Snowball stems in the
//! languages Veedor's publishers write in (Spanish, Portuguese and English for Latin script;
//! for Cyrillic, Russian: Snowball has no Ukrainian stemmer, and Russian's suffixes cover the
//! common Ukrainian plurals and cases), and a searched word
//! matches any of its stems. Stems only add ways to match: the word itself always matches.

use std::sync::LazyLock;

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

/// The filter words of a process, from its columns (absent values have none).
pub fn filter_terms(
    buyer: Option<&str>,
    procuring_entity: Option<&str>,
    method: Option<&str>,
    category: Option<&str>,
    status: Option<&str>,
    stage: &str,
    public_works: bool,
) -> String {
    let mut terms = Vec::with_capacity(7);
    for (field, value) in [
        (FilterField::Buyer, buyer),
        (FilterField::ProcuringEntity, procuring_entity),
        (FilterField::Method, method),
        (FilterField::Category, category),
        (FilterField::Status, status),
        (FilterField::Stage, Some(stage)),
        (
            FilterField::PublicWorks,
            Some(if public_works { "true" } else { "false" }),
        ),
    ] {
        if let Some(value) = value {
            terms.push(filter_term(field, value));
        }
    }
    terms.join(" ")
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
        assert_eq!(query_terms("  "), Vec::<Vec<String>>::new());
    }
}
