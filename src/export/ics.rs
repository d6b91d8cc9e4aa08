//! Calendars (iCalendar, RFC 5545): one per plan and one per responsible
//! body, so a school or a methodologist can subscribe to what is due.
//!
//! Every event is an all-day event: periods are days and months, never
//! hours. Everything in the file derives from the source — the stamp is the
//! plan's `updated` date, UIDs are built from anchors and slugs — so a
//! rebuild writes the same bytes and calendar apps see no false changes.
//!
//! Which events an item gives, by the kind of its period:
//!
//! * date, months, range: one event per interval;
//! * deadline: one event on the deadline day only, its summary prefixed
//!   «Срок: » (the interval from the plan's start is not an activity);
//! * recurring: one event per listed month; without listed months, one
//!   event over the plan span;
//! * whole plan: one event over its span;
//! * not understood, or no period: none (the item stays in JSON and CSV).
//!
//! An event of four weeks or more becomes one day, its first, its summary
//! prefixed «До 31.05.2023: », its description giving the span.
//! A phone shows an all-day event on every day it covers, at the top of
//! each day and on the lock screen: a plan with twenty activities «в
//! течение года» would fill every day of the year with twenty banners. The
//! first day, rather than the last, because a calendar is read ahead: the
//! reader learns of the activity when it begins and can still act, and the
//! end stays in the summary.

use chrono::NaiveDate;

use super::{item_text, page_url, plain, rows, Row};
use crate::markdown::truncate;
use crate::model::{BodyId, District, Plan, Site, Status};
use crate::period::{Interval, Period, PeriodKind};

/// RFC 5545 §3.1: content lines longer than this many octets are folded.
const LINE_OCTETS: usize = 75;

/// Summaries are for a calendar cell; the description has the full text.
const SUMMARY_CHARS: usize = 200;

/// An event of this many days or more is shown on its first day only.
const LONG_EVENT_DAYS: i64 = 28;

/// The plan's calendar (the build uses [`DistrictEvents`], which writes
/// each event once for all calendars of a district).
#[cfg(test)]
pub fn plan_ics(site: &Site, district: &District, plan: &Plan) -> String {
    let index = district
        .plans
        .iter()
        .position(|p| std::ptr::eq(p, plan))
        .unwrap_or(0);
    DistrictEvents::new(site, district).plan_ics(index)
}

/// The calendar of one body: every item of every plan of the district whose
/// responsible cell (or matrix column) names it. `None` when the district
/// has no such body or no item names it: there is nothing to publish.
#[cfg(test)]
pub fn body_ics(site: &Site, district: &District, body: &BodyId) -> Option<String> {
    DistrictEvents::new(site, district).body_ics(body)
}

/// The events of every item of a district, written once: the plan
/// calendars and each body's calendar are put together from them (an item
/// is in its plan's calendar and in the calendar of every body it names,
/// with the same UID and text).
pub struct DistrictEvents<'a> {
    district: &'a District,
    /// Per plan, per row: the bodies the row names and its VEVENT lines.
    plans: Vec<Vec<(Vec<BodyId>, String)>>,
}

impl<'a> DistrictEvents<'a> {
    pub fn new(site: &Site, district: &'a District) -> DistrictEvents<'a> {
        let plans = district
            .plans
            .iter()
            .map(|plan| {
                rows(plan)
                    .iter()
                    .map(|row| {
                        let mut events = Calendar { out: String::new() };
                        events.item(site, district, plan, row);
                        let bodies = row.item.bodies(row.table).into_iter().cloned();
                        (bodies.collect(), events.out)
                    })
                    .collect()
            })
            .collect();
        DistrictEvents { district, plans }
    }

    /// The calendar of the district's plan number `index`.
    pub fn plan_ics(&self, index: usize) -> String {
        let name = self
            .district
            .plans
            .get(index)
            .map(Plan::name)
            .unwrap_or_default();
        let mut cal = Calendar::new(&name);
        for (_, events) in self.plans.get(index).into_iter().flatten() {
            cal.out.push_str(events);
        }
        cal.finish()
    }

    /// See [`body_ics`].
    pub fn body_ics(&self, body: &BodyId) -> Option<String> {
        let known = self.district.body(body)?;
        let mut cal = Calendar::new(&format!("{} — {}", known.name, self.district.name));
        let mut named = false;
        for (bodies, events) in self.plans.iter().flatten() {
            if bodies.contains(body) {
                named = true;
                cal.out.push_str(events);
            }
        }
        let ics = cal.finish();
        (named && has_events(&ics)).then_some(ics)
    }
}

/// Whether the plan's calendar would hold an event (cheap: nothing is
/// written), so indexes can link to it without making it.
pub fn plan_has_events(plan: &Plan) -> bool {
    rows(plan).iter().any(|row| row_has_events(plan, row))
}

/// Whether [`body_ics`] would publish a calendar, without making it.
pub fn body_has_events(district: &District, body: &BodyId) -> bool {
    district.body(body).is_some()
        && district.plans.iter().any(|plan| {
            rows(plan)
                .iter()
                .any(|row| row.item.bodies(row.table).contains(&body) && row_has_events(plan, row))
        })
}

fn row_has_events(plan: &Plan, row: &Row<'_>) -> bool {
    row.item
        .period
        .as_ref()
        .is_some_and(|p| !event_days(plan, p).0.is_empty())
}

/// Whether a calendar holds any event: RFC 5545 requires at least one
/// component, so a calendar without events is not published.
pub fn has_events(ics: &str) -> bool {
    ics.contains("\r\nBEGIN:VEVENT\r\n")
}

/// A calendar being written, line by line.
struct Calendar {
    out: String,
}

impl Calendar {
    fn new(name: &str) -> Calendar {
        let mut cal = Calendar { out: String::new() };
        cal.line("BEGIN:VCALENDAR");
        cal.line("VERSION:2.0");
        cal.line("PRODID:-//Vekha//Vekha//RU");
        cal.line("CALSCALE:GREGORIAN");
        cal.text("X-WR-CALNAME", name);
        cal
    }

    fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }

    /// The events of one item, if its period gives any.
    fn item(&mut self, site: &Site, district: &District, plan: &Plan, row: &Row<'_>) {
        let Some(period) = &row.item.period else {
            return;
        };
        let (days, is_deadline) = event_days(plan, period);
        if days.is_empty() {
            return;
        }
        let lead = if is_deadline {
            Lead::Deadline
        } else {
            Lead::None
        };
        let event = EventText::new(site, district, plan, row, period, lead);
        for (k, &interval) in days.iter().enumerate() {
            let uid = format!(
                "{k}-{}-{}-{}@vekha",
                row.item.anchor, plan.slug, district.slug
            );
            let status = row.item.status;
            if is_long(interval) {
                let first = Interval {
                    start: interval.start,
                    end: interval.start,
                };
                let long = EventText::new(site, district, plan, row, period, Lead::Long(interval));
                self.event(&uid, plan.updated, first, &long, status);
            } else {
                self.event(&uid, plan.updated, interval, &event, status);
            }
        }
    }

    fn event(
        &mut self,
        uid: &str,
        stamp: NaiveDate,
        days: Interval,
        text: &EventText,
        status: Option<Status>,
    ) {
        self.line("BEGIN:VEVENT");
        self.text("UID", uid);
        self.line(&format!("DTSTAMP:{}T000000Z", basic(stamp)));
        self.line(&format!("DTSTART;VALUE=DATE:{}", basic(days.start)));
        // DTEND of an all-day event is exclusive: the day after the last.
        if let Some(after) = days.end.succ_opt() {
            self.line(&format!("DTEND;VALUE=DATE:{}", basic(after)));
        }
        // Already escaped and folded: an item may have an event a month.
        self.out.push_str(&text.lines);
        if status == Some(Status::Cancelled) {
            self.line("STATUS:CANCELLED");
        }
        // Month-long activities must not show the reader as busy.
        self.line("TRANSP:TRANSPARENT");
        self.line("END:VEVENT");
    }

    /// A property with a TEXT value, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    /// A content line, folded, ending with CRLF.
    fn line(&mut self, line: &str) {
        fold(line, &mut self.out);
    }
}

/// The days of an item's events, and whether they mark a deadline.
fn event_days(plan: &Plan, period: &Period) -> (Vec<Interval>, bool) {
    let hull = || match (period.start(), period.end()) {
        (Some(start), Some(end)) => Some(Interval { start, end }),
        _ => plan.span_of_plan,
    };
    match period.kind {
        PeriodKind::Unknown => (Vec::new(), false),
        PeriodKind::Deadline => {
            let day = period.deadline.or_else(|| period.end());
            let days = day.map(|d| Interval { start: d, end: d });
            (days.into_iter().collect(), true)
        }
        PeriodKind::WholePlan => (hull().into_iter().collect(), false),
        PeriodKind::Recurring if period.intervals.is_empty() => {
            (plan.span_of_plan.into_iter().collect(), false)
        }
        PeriodKind::Date | PeriodKind::Months | PeriodKind::Range | PeriodKind::Recurring => {
            (period.intervals.clone(), false)
        }
    }
}

/// Whether `interval` is long enough to be shown on its first day only.
fn is_long(interval: Interval) -> bool {
    (interval.end - interval.start).num_days() + 1 >= LONG_EVENT_DAYS
}

/// What an event's summary and description open with.
#[derive(Clone, Copy)]
enum Lead {
    None,
    /// «Срок: »: the day a deadline falls on.
    Deadline,
    /// «До 31.05.2023: »: the first day of this long activity.
    Long(Interval),
}

/// What every event of one item says: its SUMMARY, DESCRIPTION and URL
/// lines, escaped and folded.
struct EventText {
    lines: String,
}

impl EventText {
    fn new(
        site: &Site,
        district: &District,
        plan: &Plan,
        row: &Row<'_>,
        period: &Period,
        lead: Lead,
    ) -> EventText {
        let item = row.item;
        let text = item_text(row.table, item);
        let mut summary = String::new();
        let mut details = Vec::new();
        match lead {
            Lead::None => {}
            Lead::Deadline => summary.push_str("Срок: "),
            Lead::Long(days) => {
                summary.push_str(&format!("До {}: ", crate::dates::date_short(days.end)));
                details.push(format!(
                    "С {} по {}",
                    crate::dates::date_short(days.start),
                    crate::dates::date_short(days.end)
                ));
            }
        }
        if let Some(number) = item.number.as_deref().map(str::trim) {
            if !number.is_empty() {
                summary.push_str(number);
                summary.push(' ');
            }
        }
        summary.push_str(&one_line(&text));
        if let Some(r) = &item.responsible {
            details.push(format!("Ответственные: {}", r.text));
        }
        details.push(format!("Срок: {}", period.text));
        details.push(plain(&plan.title));
        let description = if text.is_empty() {
            details.join("\n")
        } else {
            format!("{text}\n\n{}", details.join("\n"))
        };
        let mut lines = String::new();
        let summary = truncate(summary.trim(), SUMMARY_CHARS);
        fold(&format!("SUMMARY:{}", escape_text(&summary)), &mut lines);
        fold(
            &format!("DESCRIPTION:{}", escape_text(&description)),
            &mut lines,
        );
        if let Some(url) = page_url(site, district, plan) {
            fold(
                &format!("URL:{}", uri_value(&format!("{url}#{}", row.item.anchor))),
                &mut lines,
            );
        }
        EventText { lines }
    }
}

/// A date in the basic format of RFC 5545: `20230310`.
fn basic(date: NaiveDate) -> String {
    use chrono::Datelike;
    match date.year() {
        year @ 0..=9999 => format!("{year:04}{:02}{:02}", date.month(), date.day()),
        _ => date.format("%Y%m%d").to_string(),
    }
}

/// Line breaks and runs of spaces as single spaces.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// RFC 5545 §3.3.11: backslash, `;` and `,` escaped, line breaks as `\n`;
/// other control characters, which a TEXT value may not hold, dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    crate::typography::push_replacing_ascii(&mut out, text, |b| match b {
        b'\\' => Some("\\\\"),
        b';' => Some("\\;"),
        b',' => Some("\\,"),
        b'\n' => Some("\\n"),
        b'\t' => None,
        b if b < 0x20 || b == 0x7f => Some(""),
        _ => None,
    });
    out
}

/// A URI value (RFC 5545 §3.3.13 has no escaping for it): spaces and
/// control characters, which no address holds, percent-encoded.
fn uri_value(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// RFC 5545 §3.1: physical lines of at most 75 octets, continuation lines
/// starting with one space, never splitting a UTF-8 character. Whatever
/// the caller escaped, a line break or other control character never
/// reaches the file here: one would start a property of its own.
fn fold(line: &str, out: &mut String) {
    let cleaned: String;
    let line = if line.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        cleaned = line
            .chars()
            .filter(|&c| c == '\t' || !(c.is_ascii_control()))
            .collect();
        &cleaned
    } else {
        line
    };
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space takes one octet of every continuation line.
        room = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::diagnostics::{FileId, Span};
    use crate::export::test_support::{district, site};
    use crate::model::{
        Block, Body, Column, ColumnKey, Item, Markdown, Responsible, ResponsiblePart, Table,
        TerritoryKind,
    };
    use crate::period::PlanContext;

    const SPAN: Span = Span {
        file: FileId { group: 0, index: 0 },
        start: 0,
        end: 0,
    };

    fn md(text: &str) -> Markdown {
        Markdown::new(text.to_string(), SPAN)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn item(number: &str, text: &str, period: Option<&str>, children: Vec<Item>) -> Item {
        let span = Interval {
            start: day(2023, 1, 1),
            end: day(2023, 12, 31),
        };
        let ctx = PlanContext {
            span: Some(span),
            year: Some(2023),
        };
        Item {
            number: Some(number.to_string()),
            text: Some(md(text)),
            responsible: Some(Responsible {
                text: "ИМЦ; ОО, школы".to_string(),
                span: SPAN,
                parts: vec![ResponsiblePart::Body {
                    id: BodyId("imc".into()),
                    text: "ИМЦ".into(),
                    person: None,
                }],
            }),
            period: period.map(|p| Period::parse(p, &ctx)),
            children,
            ..Item::empty(SPAN)
        }
    }

    fn long_text() -> String {
        "Проведение методических семинаров, консультаций и вебинаров для учителей \
         русского языка и математики; «анализ» результатов\\итогов ВПР. "
            .repeat(6)
    }

    fn small_site() -> (Site, District) {
        let items = vec![
            item("1", "Месяц", Some("Март 2023"), Vec::new()),
            item("2", "Два месяца", Some("февраль, октябрь 2023"), Vec::new()),
            item("3", "Крайний срок", Some("до 10 марта 2023"), Vec::new()),
            item("4", "Весь год", Some("в течение года"), Vec::new()),
            item("5", "Ежемесячно", Some("1 раз в месяц"), Vec::new()),
            item(
                "6",
                "Дважды",
                Some("2 раза в год (май, декабрь)"),
                Vec::new(),
            ),
            item("7", "По графику", Some("по графику"), Vec::new()),
            item("8", "Без срока", None, Vec::new()),
            item(
                "9",
                "Группа",
                None,
                vec![item("9.1", &long_text(), Some("15.04.2023"), Vec::new())],
            ),
        ];
        let table = Table {
            id: None,
            caption: None,
            columns: vec![Column {
                key: ColumnKey::Text,
                title: "Мероприятие".into(),
                body: None,
                span: SPAN,
            }],
            items,
            sections: Vec::new(),
            span: SPAN,
        };
        let mut plan = Plan {
            slug: "plan".into(),
            title: md("План **мероприятий**"),
            short_title: Some("План, 2023".into()),
            updated: day(2023, 3, 20),
            period_text: Some("2023 год".into()),
            span_of_plan: Some(Interval {
                start: day(2023, 1, 1),
                end: day(2023, 12, 31),
            }),
            year: Some(2023),
            marks: Vec::new(),
            approval: Vec::new(),
            signature_file: None,
            signature_file_span: None,
            blocks: vec![Block::Table(table)],
            span: SPAN,
        };
        plan.assign_anchors();
        let district = District {
            slug: "primerny".into(),
            name: "Примерный район".into(),
            full_name: None,
            kind: TerritoryKind::CityDistrict,
            region: "Санкт-Петербург".into(),
            name_span: SPAN,
            region_span: SPAN,
            organisation: None,
            bodies: vec![Body {
                id: BodyId("imc".into()),
                name: "ИМЦ".into(),
                full_name: None,
                aliases: Vec::new(),
                url: None,
                parent: None,
                span: SPAN,
            }],
            glossary: Vec::new(),
            not_abbreviations: Vec::new(),
            not_bodies: Vec::new(),
            attachments: Vec::new(),
            fingerprint: 0,
            plans: vec![plan],
            span: SPAN,
        };
        let site = Site {
            title: "Сайт".into(),
            description: None,
            base_url: Some("https://imc.example.ru/roadmaps".into()),
            theme: None,
            allow_html: false,
            today: None,
            publisher: Default::default(),
            districts: Vec::new(),
        };
        (site, district)
    }

    /// Physical lines: each must end with CRLF, fit 75 octets and be UTF-8.
    fn check_physical(bytes: &[u8]) {
        assert!(bytes.ends_with(b"\r\n"));
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            assert!(
                line.ends_with(b"\r\n"),
                "{:?}",
                String::from_utf8_lossy(line)
            );
            let content = &line[..line.len() - 2];
            assert!(!content.contains(&b'\r') && !content.contains(&b'\n'));
            assert!(content.len() <= 75, "{} octets", content.len());
            assert!(
                String::from_utf8(content.to_vec()).is_ok(),
                "split character"
            );
        }
    }

    /// Logical lines, after unfolding.
    fn unfold(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Each VEVENT as its property lines.
    fn events(text: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut current: Option<Vec<String>> = None;
        for line in unfold(text) {
            match line.as_str() {
                "BEGIN:VEVENT" => current = Some(Vec::new()),
                "END:VEVENT" => out.extend(current.take()),
                _ => {
                    if let Some(event) = current.as_mut() {
                        event.push(line);
                    }
                }
            }
        }
        out
    }

    fn prop<'a>(event: &'a [String], name: &str) -> &'a str {
        event
            .iter()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn constructed_plan_events() {
        let (site, district) = small_site();
        let text = plan_ics(&site, &district, &district.plans[0]);
        check_physical(text.as_bytes());
        let lines = unfold(&text);
        assert_eq!(lines[0], "BEGIN:VCALENDAR");
        assert!(lines.contains(&"X-WR-CALNAME:План\\, 2023".to_string()));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        let events = events(&text);
        // 1 + 2 + 1 + 1 + 1 + 2 + 0 + 0 + (group 0, child 1)
        assert_eq!(events.len(), 9);
        let uids: HashSet<&str> = events.iter().map(|e| prop(e, "UID:")).collect();
        assert_eq!(uids.len(), 9);
        assert!(uids.contains("1-p-2-plan-primerny@vekha"));

        let deadline = events
            .iter()
            .find(|e| prop(e, "SUMMARY:").starts_with("Срок: 3 "))
            .expect("the deadline event");
        assert_eq!(prop(deadline, "DTSTART;VALUE=DATE:"), "20230310");
        assert_eq!(prop(deadline, "DTEND;VALUE=DATE:"), "20230311");
        assert_eq!(prop(deadline, "DTSTAMP:"), "20230320T000000Z");
        assert_eq!(
            prop(deadline, "URL:"),
            "https://imc.example.ru/roadmaps/primerny/plan/index.html#p-3"
        );
        assert!(prop(deadline, "DESCRIPTION:").ends_with(
            "Ответственные: ИМЦ\\; ОО\\, школы\\nСрок: до 10 марта 2023\\nПлан мероприятий"
        ));

        // A year-long activity is one day, its first: not a banner on
        // every day of the year.
        let whole = events
            .iter()
            .find(|e| prop(e, "SUMMARY:") == "До 31.12.2023: 4 Весь год")
            .expect("the whole-year event");
        assert_eq!(prop(whole, "DTSTART;VALUE=DATE:"), "20230101");
        assert_eq!(prop(whole, "DTEND;VALUE=DATE:"), "20230102");
        assert!(prop(whole, "DESCRIPTION:").contains("С 01.01.2023 по 31.12.2023\\n"));
        // No event of a plan covers more than four weeks.
        for e in &events {
            let start = NaiveDate::parse_from_str(prop(e, "DTSTART;VALUE=DATE:"), "%Y%m%d");
            let end = NaiveDate::parse_from_str(prop(e, "DTEND;VALUE=DATE:"), "%Y%m%d");
            let (Ok(start), Ok(end)) = (start, end) else {
                panic!("dates of {e:?}");
            };
            assert!((end - start).num_days() < LONG_EVENT_DAYS, "{e:?}");
        }
    }

    #[test]
    fn long_cyrillic_text_folds_whole_characters() {
        let (site, district) = small_site();
        let text = plan_ics(&site, &district, &district.plans[0]);
        check_physical(text.as_bytes());
        let events = events(&text);
        let long = events
            .iter()
            .find(|e| prop(e, "SUMMARY:").starts_with("9.1 "))
            .expect("the long item");
        let summary = prop(long, "SUMMARY:");
        assert!(summary.chars().count() <= SUMMARY_CHARS + 10);
        assert!(summary.ends_with('…'));
        let description = prop(long, "DESCRIPTION:");
        assert!(description.starts_with(&escape_text(long_text().trim())));
        assert!(description.contains("\\;") && description.contains("\\\\"));
    }

    #[test]
    fn real_plans_are_valid_and_reproducible() {
        let site = site();
        for district in &site.districts {
            for plan in &district.plans {
                let first = plan_ics(&site, district, plan);
                assert_eq!(first, plan_ics(&site, district, plan));
                check_physical(first.as_bytes());
                let events = events(&first);
                let uids: HashSet<&str> = events.iter().map(|e| prop(e, "UID:")).collect();
                assert_eq!(uids.len(), events.len(), "{}", plan.slug);
            }
        }
    }

    #[test]
    fn body_calendar() {
        let site = site();
        let kirovsky = district(&site, "kirovsky");
        let text = body_ics(&site, kirovsky, &BodyId("coko-imc".into())).expect("a calendar");
        check_physical(text.as_bytes());
        assert!(unfold(&text).contains(&"X-WR-CALNAME:ЦОКО ИМЦ — Кировский район".to_string()));
        let events = events(&text);
        assert!(events
            .iter()
            .any(|e| prop(e, "SUMMARY:").starts_with("До 31.03.2023: 3.1. ")));
        assert_eq!(body_ics(&site, kirovsky, &BodyId("nobody".into())), None);
    }

    #[test]
    fn folding_cuts_at_75_octets_on_character_boundaries() {
        // The rule of RFC 5545 §3.1, a character at a time.
        fn by_chars(line: &str) -> String {
            let (mut out, mut width) = (String::new(), 0);
            for c in line.chars() {
                if width + c.len_utf8() > LINE_OCTETS {
                    out.push_str("\r\n ");
                    width = 1;
                }
                out.push(c);
                width += c.len_utf8();
            }
            out + "\r\n"
        }
        for n in 0..200 {
            for line in [
                "a".repeat(n),
                "я".repeat(n),
                format!("{}{}", "x".repeat(n % 7), "ё€😀".repeat(n)),
            ] {
                let mut out = String::new();
                fold(&line, &mut out);
                assert_eq!(out, by_chars(&line), "{n}");
            }
        }
    }

    #[test]
    fn folding_and_escaping() {
        let mut out = String::new();
        fold(&"я".repeat(80), &mut out);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0].len(), 74);
        assert!(lines[1].starts_with(' ') && lines[1].len() <= 75);
        assert_eq!(escape_text("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
        assert_eq!(escape_text("a\u{b}b\u{7f}c\td"), "abc\td");
        let mut folded = String::new();
        fold("URL:https://x.ru/\r\nSUMMARY:вставка", &mut folded);
        assert_eq!(folded, "URL:https://x.ru/SUMMARY:вставка\r\n");
        assert_eq!(
            uri_value("https://x.ru/a b\r\nc#d"),
            "https://x.ru/a%20b%0D%0Ac#d"
        );
    }
}
