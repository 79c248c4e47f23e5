//! Numbered paging for lists: links to the first, the last and the pages around the current
//! one, never past the last page (a count capped for speed caps the last page too).

use serde::Serialize;

#[derive(Debug, Serialize, PartialEq)]
pub struct Link {
    pub number: i64,
    pub href: String,
    pub current: bool,
    /// An ellipsis between distant pages.
    pub gap: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Pager {
    pub page: i64,
    pub last: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub links: Vec<Link>,
}

/// The pager of page `page` of `total` rows, `per_page` a page; `href(n)` is page n's address.
pub fn pager(page: i64, total: i64, per_page: i64, href: impl Fn(i64) -> String) -> Pager {
    let last = ((total + per_page - 1) / per_page.max(1)).max(1);
    let page = page.clamp(1, last);
    let mut links = Vec::new();
    let mut previous_shown = 0;
    // Only the numbers that can be shown: the first, the last and two either side.
    let shown = [1, last]
        .into_iter()
        .chain((page - 2).max(1)..=(page + 2).min(last));
    let mut shown: Vec<i64> = shown.collect();
    shown.sort_unstable();
    shown.dedup();
    for n in shown {
        let near = (n - page).abs() <= 2;
        if n == 1 || n == last || near {
            if previous_shown > 0 && n > previous_shown + 1 {
                links.push(Link {
                    number: 0,
                    href: String::new(),
                    current: false,
                    gap: true,
                });
            }
            links.push(Link {
                number: n,
                href: href(n),
                current: n == page,
                gap: false,
            });
            previous_shown = n;
        }
    }
    Pager {
        page,
        last,
        previous: (page > 1).then(|| href(page - 1)),
        next: (page < last).then(|| href(page + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_around_the_current_one_and_never_past_the_last() {
        let p = pager(5, 200, 20, |n| format!("?page={n}"));
        let numbers: Vec<i64> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![1, 0, 3, 4, 5, 6, 7, 0, 10]);
        assert_eq!(p.previous.as_deref(), Some("?page=4"));
        assert_eq!(p.next.as_deref(), Some("?page=6"));
        let beyond = pager(9999, 45, 20, |n| format!("?page={n}"));
        assert_eq!((beyond.page, beyond.last, beyond.next), (3, 3, None));
        let empty = pager(1, 0, 20, |n| n.to_string());
        assert_eq!((empty.last, empty.previous, empty.next), (1, None, None));
    }
}
