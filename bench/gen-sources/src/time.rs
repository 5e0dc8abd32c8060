//! Calendar arithmetic on plain integers: dates are days since 1970-01-01 (`i32`, Polars'
//! `Date`), datetimes are microseconds since 1970-01-01 00:00:00 of a *naive* wall-clock
//! (`i64`, Polars' `Datetime(us)`): Paris wall-clock for application columns, UTC
//! wall-clock for the three exceptions of README C-11, UTC instants for GA4 events.
//! Also the dates of the programme's eras, which drive which grants exist when.

use chrono::{Datelike, NaiveDate};

pub const SEC: i64 = 1_000_000;
pub const MIN: i64 = 60 * SEC;
pub const HOUR: i64 = 60 * MIN;
pub const DAY: i64 = 24 * HOUR;

/// Days since 1970-01-01 of a calendar date.
pub fn days(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as i32
}

/// Days since 1970-01-01 of `y-m-d` (a valid date).
pub fn ymd(y: i32, m: u32, d: u32) -> i32 {
    days(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
}

/// The calendar date of a day number.
pub fn date(day: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(i64::from(day))
}

/// Midnight of a day, in microseconds.
pub fn midnight(day: i32) -> i64 {
    i64::from(day) * DAY
}

/// The day of a datetime.
pub fn day_of(us: i64) -> i32 {
    us.div_euclid(DAY) as i32
}

/// `day` plus `n` calendar years; Feb 29 becomes Feb 28 in a non-leap target year (C-7).
pub fn add_years(day: i32, n: i32) -> i32 {
    let d = date(day);
    let y = d.year() + n;
    let nd = NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), d.day() - 1))
        .expect("valid date");
    days(nd)
}

/// Whole years from `birth` to `at` (both days), as `exact_age` computes them (C-26).
pub fn age(at: i32, birth: i32) -> i32 {
    let (a, b) = (date(at), date(birth));
    a.year() - b.year() - i32::from(b.month() * 100 + b.day() > a.month() * 100 + a.day())
}

/// Last Sunday of `month` in `year`, as a day number.
fn last_sunday(year: i32, month: u32) -> i32 {
    let next = if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) };
    let last = next - 1;
    last - date(last).weekday().num_days_from_sunday() as i32
}

/// Europe/Paris offset from UTC in hours at a UTC instant (EU rule: summer time from the
/// last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).
pub fn paris_offset_hours(utc_us: i64) -> i64 {
    let year = date(day_of(utc_us)).year();
    let start = midnight(last_sunday(year, 3)) + HOUR;
    let end = midnight(last_sunday(year, 10)) + HOUR;
    if (start..end).contains(&utc_us) { 2 } else { 1 }
}

/// A UTC wall-clock (or instant) read as Paris wall-clock.
pub fn utc_to_paris(utc_us: i64) -> i64 {
    utc_us + paris_offset_hours(utc_us) * HOUR
}

/// A Paris wall-clock as UTC wall-clock (the hour around a DST switch is approximate).
pub fn paris_to_utc(paris_us: i64) -> i64 {
    paris_us - paris_offset_hours(paris_us - HOUR) * HOUR
}

/// `YYYY-MM-DD`.
pub fn fmt_date(day: i32) -> String {
    date(day).format("%Y-%m-%d").to_string()
}

/// `YYYY-MM-DD HH:MM:SS`, plus `.ffffff` when the microseconds are not zero (L-4).
pub fn fmt_datetime(us: i64) -> String {
    let day = day_of(us);
    let rest = us - midnight(day);
    let (h, m, s, f) = (rest / HOUR, rest % HOUR / MIN, rest % MIN / SEC, rest % SEC);
    let d = fmt_date(day);
    if f == 0 { format!("{d} {h:02}:{m:02}:{s:02}") } else { format!("{d} {h:02}:{m:02}:{s:02}.{f:06}") }
}

/// Dates at which the programme changed (they decide which grants a user can get).
pub mod era {
    /// First (experimental) 18-year-old grants, 500 €.
    pub fn start() -> i32 {
        super::ymd(2019, 2, 1)
    }
    /// Generalisation: the 18-year-old grant becomes 300 €.
    pub fn generalised() -> i32 {
        super::ymd(2021, 5, 20)
    }
    /// Grants for 15–17-year-olds (`GRANT_15_17`).
    pub fn underage() -> i32 {
        super::ymd(2022, 1, 10)
    }
    /// Reform: `GRANT_17_18` and `GRANT_FREE` replace the older grants.
    pub fn reform() -> i32 {
        super::ymd(2025, 3, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_ages() {
        let d = ymd(2024, 2, 29);
        assert_eq!(fmt_date(d), "2024-02-29");
        assert_eq!(fmt_datetime(midnight(d) + 10 * HOUR + 5), "2024-02-29 10:00:00.000005");
        assert_eq!(fmt_datetime(midnight(d) + 59 * SEC), "2024-02-29 00:00:59");
        assert_eq!(date(add_years(d, 1)), NaiveDate::from_ymd_opt(2025, 2, 28).unwrap());
        assert_eq!(age(ymd(2026, 2, 28), ymd(2008, 2, 29)), 17);
        assert_eq!(age(ymd(2026, 3, 1), ymd(2008, 2, 29)), 18);
    }

    #[test]
    fn paris_offsets() {
        assert_eq!(paris_offset_hours(midnight(ymd(2026, 1, 15))), 1);
        assert_eq!(paris_offset_hours(midnight(ymd(2026, 7, 15))), 2);
        assert_eq!(utc_to_paris(midnight(ymd(2026, 7, 15)) + 22 * HOUR), midnight(ymd(2026, 7, 16)));
        assert_eq!(paris_to_utc(midnight(ymd(2026, 1, 15))), midnight(ymd(2026, 1, 14)) + 23 * HOUR);
    }
}
