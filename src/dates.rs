//! Dates written the way Russian official documents write them.
//!
//! Published plans are official documents, and the acts on education
//! sites expect their dates as «10 марта 2023 г.» or «10.03.2023»
//! (PRODUCT.md). chrono's formatting knows only English month names, so
//! the Russian forms are spelled out here. Machine-readable dates
//! (`<time datetime>`, JSON, iCalendar) use ISO 8601 and do not come from
//! this module.

use chrono::{Datelike, NaiveDate};

/// Month names in the nominative case, as on a calendar page: «март».
const NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Month names in the genitive case, as after a day number: «10 марта».
const GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// The name of `month` (1–12) from `names`, or "" outside that range.
fn name(names: &'static [&'static str; 12], month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or("")
}

/// The long official form: «10 марта 2023 г.».
///
/// The day has no leading zero and the month is in the genitive case, as
/// in the approval blocks of the documents themselves. The space before
/// «г.» is a plain one, as a source would write it. Only the tests use this
/// form: they hold [`date_long_published`] to it typeset.
#[cfg(test)]
pub fn date_long(d: NaiveDate) -> String {
    format!("{} {} {} г.", d.day(), name(&GENITIVE, d.month()), d.year())
}

/// [`date_long`] as `typography::typograph` publishes it, the space before
/// «г.» non-breaking: pages show a date for every dated row, and running
/// the typographer over each was a share of a build (a test holds the two
/// equal).
pub fn date_long_published(d: NaiveDate) -> String {
    format!(
        "{} {} {}\u{a0}г.",
        d.day(),
        name(&GENITIVE, d.month()),
        d.year()
    )
}

/// The months from `start`'s to `end`'s, both included, as (year, month),
/// at most 240 of them.
pub fn months_between(start: NaiveDate, end: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (start.year(), start.month());
    while (y, m) <= (end.year(), end.month()) && out.len() < 240 {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// A date written `ГГГГ-ММ-ДД` (the form of `updated` and `today`), or
/// what is wrong with it, in Russian: a date that does not exist is told
/// as such («2023-02-30»), not as a wrong form.
pub fn parse_iso(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(day);
    }
    let parts: Vec<&str> = t.split('-').collect();
    let numbers: Option<Vec<u32>> = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            parts.iter().map(|p| p.parse().ok()).collect()
        }
        _ => None,
    };
    match numbers.as_deref() {
        Some(&[year, month, _]) if (1..=12).contains(&month) => {
            let last = (28..=31)
                .rev()
                .find(|&d| NaiveDate::from_ymd_opt(year as i32, month, d).is_some())
                .unwrap_or(28);
            Err(format!(
                "такой даты нет: «{t}» — в {} {year} года {last} {}",
                month_prepositional(month),
                crate::typography::plural(last as usize, "день", "дня", "дней")
            ))
        }
        Some(&[_, month, _]) => Err(format!(
            "такой даты нет: «{t}» — месяца с номером {month} нет, их 12"
        )),
        _ => Err(format!("дата «{t}» записана не в виде ГГГГ-ММ-ДД")),
    }
}

/// «в марте»: the month in the prepositional case.
fn month_prepositional(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ];
    NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// The machine form: `2023-03-10` (ISO 8601), for `<time datetime>` and
/// the data files. Written digit by digit: pages and exports ask for it
/// for every dated item, and chrono's `format` parses its pattern each time.
pub fn date_iso(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%Y-%m-%d").to_string();
    }
    let mut out = String::with_capacity(10);
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = year.unsigned_abs();
    for n in [y / 1000, y / 100, y / 10, y] {
        out.push(digit(n));
    }
    for n in [d.month(), d.day()] {
        out.push('-');
        out.push(digit(n / 10));
        out.push(digit(n));
    }
    out
}

/// The short official form: «10.03.2023», with leading zeros.
pub fn date_short(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// The nominative, lowercase name of `month` (1–12): «март».
///
/// Returns an empty string for a number outside 1–12, so that a bad
/// value shows up as a missing word on the page instead of stopping a
/// build.
/// Genitive month name: «марта» (as in «с марта»).
pub fn month_genitive(month: u32) -> &'static str {
    name(&GENITIVE, month)
}

pub fn month_name(month: u32) -> &'static str {
    name(&NOMINATIVE, month)
}

/// A month heading as in timelines and calendars: «Март 2023».
///
/// The month is capitalised because the heading starts with it. For a
/// month outside 1–12 only the year is given.
pub fn month_year(year: i32, month: u32) -> String {
    let mut letters = month_name(month).chars();
    match letters.next() {
        Some(first) => format!("{}{} {year}", first.to_uppercase(), letters.as_str()),
        None => year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn published_long_dates_are_what_the_typographer_makes() {
        let mut d = date(2018, 1, 1);
        while d < date(2028, 1, 1) {
            assert_eq!(
                date_long_published(d),
                crate::typography::typograph(&date_long(d))
            );
            d = d.succ_opt().unwrap_or(date(2028, 1, 1));
        }
    }

    #[test]
    fn iso_dates_match_chrono() {
        for d in [
            date(2023, 3, 10),
            date(2019, 12, 31),
            date(1, 1, 1),
            date(999, 10, 9),
            date(9999, 12, 31),
            date(10000, 1, 1),
            date(-5, 6, 7),
        ] {
            assert_eq!(date_iso(d), d.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn long_dates_use_the_genitive() {
        let cases = [
            (date(2023, 3, 10), "10 марта 2023 г."),
            (date(2023, 1, 1), "1 января 2023 г."),
            (date(2023, 5, 9), "9 мая 2023 г."),
            (date(2024, 2, 29), "29 февраля 2024 г."),
            (date(2023, 8, 31), "31 августа 2023 г."),
            (date(2019, 12, 31), "31 декабря 2019 г."),
        ];
        for (d, expected) in cases {
            assert_eq!(date_long(d), expected);
        }
    }

    #[test]
    fn short_dates_have_leading_zeros() {
        assert_eq!(date_short(date(2023, 3, 10)), "10.03.2023");
        assert_eq!(date_short(date(2023, 1, 1)), "01.01.2023");
        assert_eq!(date_short(date(2019, 12, 31)), "31.12.2019");
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(3), "март");
        assert_eq!(month_name(1), "январь");
        assert_eq!(month_name(12), "декабрь");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
        assert_eq!(month_name(u32::MAX), "");
    }

    #[test]
    fn month_headings() {
        assert_eq!(month_year(2023, 3), "Март 2023");
        assert_eq!(month_year(2024, 9), "Сентябрь 2024");
        assert_eq!(month_year(2023, 0), "2023");
    }

    #[test]
    fn every_month_has_both_forms() {
        for month in 1..=12 {
            let d = date(2023, month, 1);
            assert!(!month_name(month).is_empty());
            assert!(date_long(d).contains(name(&GENITIVE, month)));
            assert!(!name(&GENITIVE, month).is_empty());
        }
    }

    #[test]
    fn iso_dates_and_what_is_wrong_with_them() {
        assert_eq!(parse_iso(" 2023-03-20 "), Ok(date(2023, 3, 20)));
        assert_eq!(
            parse_iso("2023-02-30"),
            Err("такой даты нет: «2023-02-30» — в феврале 2023 года 28 дней".to_string())
        );
        assert_eq!(
            parse_iso("2024-04-31"),
            Err("такой даты нет: «2024-04-31» — в апреле 2024 года 30 дней".to_string())
        );
        assert_eq!(
            parse_iso("2023-13-01"),
            Err("такой даты нет: «2023-13-01» — месяца с номером 13 нет, их 12".to_string())
        );
        assert_eq!(
            parse_iso("20.03.2023"),
            Err("дата «20.03.2023» записана не в виде ГГГГ-ММ-ДД".to_string())
        );
        assert!(parse_iso("9999-99-99").is_err());
    }
}
