//! Deadlines in working or calendar days, with a holiday calendar (`config/holidays.toml`), and
//! a clock that stops while an item waits for the complainant.

use std::collections::{BTreeSet, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::Deserialize;

use super::definition::DayKind;

/// Which days are not working days.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub weekend: HashSet<Weekday>,
    pub holidays: BTreeSet<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    weekend: Vec<String>,
    #[serde(default)]
    dates: Vec<String>,
}

impl Calendar {
    /// Reads `config/holidays.toml`; a bad day name or date is refused, named.
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let raw: RawCalendar =
            toml::from_str(text).map_err(|e| format!("holidays.toml: {}", e.message()))?;
        let weekend = raw
            .weekend
            .iter()
            .map(|d| {
                d.parse::<Weekday>()
                    .map_err(|_| format!("holidays.toml: {d:?} is not a day of the week"))
            })
            .collect::<Result<_, _>>()?;
        let holidays = raw
            .dates
            .iter()
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| format!("holidays.toml: {d:?} is not a date (YYYY-MM-DD)"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Calendar { weekend, holidays })
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !self.weekend.contains(&day.weekday()) && !self.holidays.contains(&day)
    }
}

/// When a deadline falls: at the end of the `days`-th day that counts after `started`, where
/// a day counts when it is a working day (for working-day deadlines) and the clock was not
/// paused at any moment of it. Days are calendar days in UTC.
pub fn due(
    started: NaiveDateTime,
    days: u32,
    kind: DayKind,
    calendar: &Calendar,
    pauses: &[(NaiveDateTime, Option<NaiveDateTime>)],
) -> Option<NaiveDateTime> {
    let paused_on = |day: NaiveDate| {
        let start = day.and_hms_opt(0, 0, 0);
        let end = day.and_hms_opt(23, 59, 59);
        match (start, end) {
            (Some(start), Some(end)) => pauses
                .iter()
                .any(|(from, to)| *from <= end && to.is_none_or(|to| to >= start)),
            _ => false,
        }
    };
    let mut counted = 0;
    let mut day = started.date();
    // Ten years of days is more than any deadline; an open pause stops the clock for good.
    for _ in 0..3660 {
        day = day.succ_opt()?;
        let counts = match kind {
            DayKind::Calendar => true,
            DayKind::Working => calendar.is_working_day(day),
        } && !paused_on(day);
        if counts {
            counted += 1;
            if counted == days {
                return day.and_hms_opt(23, 59, 59);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: &str) -> NaiveDateTime {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default()
    }

    fn calendar() -> Calendar {
        Calendar::parse(include_str!("../../../config/holidays.toml")).unwrap_or(Calendar {
            weekend: HashSet::new(),
            holidays: BTreeSet::new(),
        })
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = calendar();
        // Thursday 2026-12-03 + 5 working days: Fri 4, Mon 7, (Tue 8 is a holiday), Wed 9, Thu 10, Fri 11.
        assert_eq!(
            due(at("2026-12-03"), 5, DayKind::Working, &cal, &[]),
            Some(
                at("2026-12-11")
                    .date()
                    .and_hms_opt(23, 59, 59)
                    .unwrap_or_default()
            )
        );
        assert_eq!(
            due(at("2026-12-03"), 5, DayKind::Calendar, &cal, &[]).map(|d| d.date()),
            Some(at("2026-12-08").date())
        );
    }

    #[test]
    fn the_clock_stops_while_paused() {
        let cal = calendar();
        let start = at("2026-11-02"); // a Monday
        let plain = due(start, 3, DayKind::Working, &cal, &[]).map(|d| d.date());
        assert_eq!(plain, Some(at("2026-11-05").date()));
        // Paused Tuesday to Wednesday: two working days do not count.
        let pauses = [(at("2026-11-03"), Some(at("2026-11-04")))];
        let paused = due(start, 3, DayKind::Working, &cal, &pauses).map(|d| d.date());
        assert_eq!(paused, Some(at("2026-11-09").date()));
        // An open pause: no deadline until it ends.
        assert_eq!(
            due(
                start,
                3,
                DayKind::Working,
                &cal,
                &[(at("2026-11-03"), None)]
            ),
            None
        );
    }

    #[test]
    fn bad_calendars_are_refused() {
        assert!(Calendar::parse("weekend = [\"caturday\"]").is_err());
        assert!(Calendar::parse("dates = [\"2026-13-01\"]").is_err());
        assert!(Calendar::parse("holidays = []").is_err());
    }
}
