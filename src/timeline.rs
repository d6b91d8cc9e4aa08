//! The per-plan timeline: which items happen in which months, drawn at build
//! time as SVG, with the same rows kept as data for a text equivalent.
//!
//! Readers want to see a plan «as a timeline», without JavaScript and with
//! images off, and screen-reader users need the same facts as text. So the
//! chart is built here by hand as plain, deterministic SVG markup (the same
//! source always gives the same bytes, which keeps builds reproducible), and
//! the rows it draws are returned beside it for the page to list as a table.
//!
//! Meaning is never carried by colour alone: a plain bar is a period, a
//! hatched bar a recurring activity, a diamond a deadline, a dashed line
//! «today», a dark arrow at the edge a bar that runs past the drawn months.
//! Every element carries a `tl-…` class so site CSS (high-contrast schemes)
//! can recolour it; the presentation attributes are only the defaults.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::markdown::truncate;
use crate::model::{ColumnKey, Item, Markdown, Plan, Section, Table};
use crate::period::{Interval, PeriodKind};
use crate::typography::plural;

/// One leaf item of the plan as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    /// URL fragment of the item on the plan page.
    pub anchor: String,
    pub number: Option<String>,
    /// Plain text, at most [`LABEL_MAX_CHARS`] characters (cut with «…»).
    pub label: String,
    /// The «Сроки» cell exactly as written (empty when the row has none).
    pub period_text: String,
    pub intervals: Vec<Interval>,
    pub kind: PeriodKind,
    pub deadline: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// Dated rows under one heading: a section, or a table's loose rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineGroup {
    /// «I. Организационные мероприятия», the table caption, or «Таблица N».
    pub title: String,
    pub rows: Vec<TimelineRow>,
}

/// A plan's timeline: the chart and the rows behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The months drawn, in order (empty when nothing is dated).
    pub months: Vec<(i32, u32)>,
    /// Rows with dates, grouped by section, in document order.
    pub groups: Vec<TimelineGroup>,
    /// Leaf rows whose timing was not understood (or is missing), listed
    /// apart so the page can still show them with their text.
    pub undated: Vec<TimelineRow>,
    /// SVG markup without an XML declaration, ready to inline in HTML;
    /// empty when the plan has no dated rows.
    pub svg: String,
}

/// Longest row label kept in [`TimelineRow::label`].
pub const LABEL_MAX_CHARS: usize = 90;
/// Longest chart: wider plans are cut here, their bars clipped with an arrow.
const MAX_MONTHS: usize = 36;

/// Builds the timeline of `plan` as of `today`; `label_of` turns an item's
/// Markdown into the plain text shown as its label.
pub fn build_timeline(
    plan: &Plan,
    today: NaiveDate,
    label_of: &dyn Fn(&Item) -> String,
) -> Timeline {
    let (groups, undated) = collect_rows(plan, label_of);
    let months = month_range(plan, &groups);
    let svg = if months.is_empty() {
        String::new()
    } else {
        draw(plan, &months, &groups, today)
    };
    Timeline {
        months,
        groups,
        undated,
        svg,
    }
}

// ---------------------------------------------------------------------------
// Rows

/// Walks the plan's tables in document order, gathering leaf rows.
struct Walk<'a> {
    label_of: &'a dyn Fn(&Item) -> String,
    groups: Vec<TimelineGroup>,
    undated: Vec<TimelineRow>,
}

fn collect_rows(
    plan: &Plan,
    label_of: &dyn Fn(&Item) -> String,
) -> (Vec<TimelineGroup>, Vec<TimelineRow>) {
    let mut walk = Walk {
        label_of,
        groups: Vec::new(),
        undated: Vec::new(),
    };
    for (index, table) in plan.tables().enumerate() {
        // A table without a «Сроки» column (a matrix of responsibilities)
        // has no timing at all: it belongs neither to the chart nor to the
        // list of rows whose timing was not understood.
        if !table.has_column(&ColumnKey::Period) {
            continue;
        }
        walk.table(table, index);
    }
    (walk.groups, walk.undated)
}

impl Walk<'_> {
    fn table(&mut self, table: &Table, index: usize) {
        let fallback = table
            .caption
            .as_ref()
            .map(plain_text)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("Таблица {}", index + 1));
        let rows = self.leaves(&table.items);
        self.push_group(fallback.clone(), rows);
        for section in &table.sections {
            self.section(section, &fallback);
        }
    }

    /// Each section, at any depth, is its own group: its heading is what a
    /// reader of the document knows the rows by.
    fn section(&mut self, section: &Section, fallback: &str) {
        let title = section_title(section).unwrap_or_else(|| fallback.to_string());
        let rows = self.leaves(&section.items);
        self.push_group(title, rows);
        for sub in &section.sections {
            self.section(sub, fallback);
        }
    }

    /// Leaf rows under `items`, depth first; group rows only gather others.
    fn leaves(&self, items: &[Item]) -> Vec<TimelineRow> {
        let mut out = Vec::new();
        let mut stack: Vec<&Item> = items.iter().rev().collect();
        while let Some(item) = stack.pop() {
            if item.is_leaf() {
                out.push(self.row(item));
            } else {
                stack.extend(item.children.iter().rev());
            }
        }
        out
    }

    fn row(&self, item: &Item) -> TimelineRow {
        let period = item.period.as_ref();
        TimelineRow {
            anchor: item.anchor.clone(),
            number: item
                .number
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            label: truncate(&collapse_spaces(&(self.label_of)(item)), LABEL_MAX_CHARS),
            period_text: period.map(|p| p.text.clone()).unwrap_or_default(),
            intervals: period.map(|p| p.intervals.clone()).unwrap_or_default(),
            kind: period.map_or(PeriodKind::Unknown, |p| p.kind),
            deadline: period.and_then(|p| p.deadline),
            start: period.and_then(|p| p.start()),
            end: period.and_then(|p| p.end()),
        }
    }

    /// Dated rows form the group; the others go to `undated`, in order.
    fn push_group(&mut self, title: String, rows: Vec<TimelineRow>) {
        let (dated, undated): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(|r| !r.intervals.is_empty());
        self.undated.extend(undated);
        if !dated.is_empty() {
            self.groups.push(TimelineGroup { title, rows: dated });
        }
    }
}

/// «I. Организационные мероприятия»: number and title as written.
fn section_title(section: &Section) -> Option<String> {
    let number = section.number.as_deref().map(str::trim).unwrap_or_default();
    let title = section.title.as_ref().map(plain_text).unwrap_or_default();
    let joined = format!("{number} {title}").trim().to_string();
    (!joined.is_empty()).then_some(joined)
}

/// The text of a Markdown field without its markup, on one line.
fn plain_text(markdown: &Markdown) -> String {
    collapse_spaces(&markdown.to_plain())
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Months

/// The plan's own span widened to every interval (or the intervals alone),
/// as whole months, at most [`MAX_MONTHS`] from the first.
fn month_range(plan: &Plan, groups: &[TimelineGroup]) -> Vec<(i32, u32)> {
    let intervals = groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| &r.intervals);
    let (Some(mut first), Some(mut last)) = (
        intervals.clone().map(|i| i.start).min(),
        intervals.map(|i| i.end).max(),
    ) else {
        return Vec::new();
    };
    if let Some(span) = plan.span_of_plan {
        first = first.min(span.start);
        last = last.max(span.end);
    }
    let mut months = Vec::new();
    let (mut year, mut month) = (first.year(), first.month());
    while (year, month) <= (last.year(), last.month()) && months.len() < MAX_MONTHS {
        months.push((year, month));
        (year, month) = next_month(year, month);
    }
    months
}

fn next_month(year: i32, month: u32) -> (i32, u32) {
    if month >= 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = next_month(year, month);
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(30, |d| d.day())
}

const MONTH_HEADERS: [&str; 12] = [
    "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
];
/// Day-month abbreviations of ГОСТ 7.12 («23 нояб.»).
const MONTH_SHORT_GENITIVE: [&str; 12] = [
    "янв.",
    "февр.",
    "марта",
    "апр.",
    "мая",
    "июня",
    "июля",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
];

fn month_name(names: &'static [&'static str; 12], month: u32) -> &'static str {
    names
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

// ---------------------------------------------------------------------------
// Geometry

const LABEL_W: f64 = 300.0;
const COL_W: f64 = 44.0;
const RIGHT_PAD: f64 = 16.0;
/// The band above the month names that holds the «today» label.
const TODAY_BAND: f64 = 20.0;
const HEADER_H: f64 = 60.0;
const GROUP_H: f64 = 26.0;
/// A row of one line; each further line of its label adds `LINE_H`.
const ROW_H: f64 = 24.0;
const LINE_H: f64 = 15.0;
/// The same for group headings (13 px bold).
const GROUP_LINE_H: f64 = 17.0;
const BAR_H: f64 = 12.0;
/// A one-day bar would be a hairline; this keeps it visible.
const MIN_BAR_W: f64 = 4.0;
const LEGEND_GAP: f64 = 14.0;
const LEGEND_LINE: f64 = 22.0;
const BOTTOM_PAD: f64 = 8.0;
/// Estimated advance of one character at 12 px, to wrap and lay out
/// text without measuring fonts (the build has none to measure).
const CHAR_W: f64 = 7.0;
/// The same for wrapping row labels, erring wide: lines must not run into
/// the chart in DejaVu Sans, the widest of the usual system fonts (Segoe UI
/// and Roboto are narrower, so their lines end a little early).
const CHAR_W_LABEL: f64 = 8.2;
/// The same for the legend, erring wide.
const CHAR_W_WIDE: f64 = 7.4;
/// The same for bold 13 px group headings.
const CHAR_W_HEADING: f64 = 8.4;

const INK: &str = "#1a1a1a";
const BAR_FILL: &str = "#4f83c2";
const BAR_STROKE: &str = "#1d3557";
const SPAN_FILL: &str = "#dce6f2";
const SPAN_STROKE: &str = "#7f95b0";
const DIAMOND_FILL: &str = "#b5482a";
const TODAY: &str = "#b00020";
const GRID: &str = "#d5dbe3";
const GRID_YEAR: &str = "#8a96a6";
const GROUP_FILL: &str = "#e6ecf3";
const ZEBRA_FILL: &str = "#f4f6f9";

/// Where months and days fall on the chart.
struct Layout {
    months: Vec<(i32, u32)>,
    width: f64,
    first_day: NaiveDate,
    last_day: NaiveDate,
}

impl Layout {
    fn new(months: &[(i32, u32)]) -> Option<Layout> {
        let &(y0, m0) = months.first()?;
        let &(y1, m1) = months.last()?;
        Some(Layout {
            months: months.to_vec(),
            width: LABEL_W + months.len() as f64 * COL_W + RIGHT_PAD,
            first_day: NaiveDate::from_ymd_opt(y0, m0, 1)?,
            last_day: NaiveDate::from_ymd_opt(y1, m1, days_in_month(y1, m1))?,
        })
    }

    fn chart_right(&self) -> f64 {
        LABEL_W + self.months.len() as f64 * COL_W
    }

    /// X of a moment within `day`: 0 is its start, 1 its end, 0.5 its middle.
    fn x_at(&self, day: NaiveDate, fraction_of_day: f64) -> f64 {
        let (y0, m0) = self
            .months
            .first()
            .copied()
            .unwrap_or((day.year(), day.month()));
        let index = (day.year() - y0) as f64 * 12.0 + day.month() as f64 - m0 as f64;
        let days = days_in_month(day.year(), day.month()) as f64;
        let within = (day.day() as f64 - 1.0 + fraction_of_day) / days;
        LABEL_W + (index + within) * COL_W
    }

    fn contains(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}

/// Width of the number column of a group: its longest number, so labels
/// line up within the group and unnumbered tables lose no space.
fn number_width(rows: &[TimelineRow]) -> f64 {
    let longest = rows
        .iter()
        .filter_map(|r| r.number.as_deref())
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0);
    if longest == 0 {
        0.0
    } else {
        (longest as f64 * CHAR_W + 8.0).min(72.0)
    }
}

/// A coordinate rounded to 0.1, without a trailing «.0».
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// Escapes text and attribute values (shared with the HTML renderer).
fn esc(text: &str) -> String {
    crate::render::text::escape(text)
}

/// `text` in lines that fit in `width` pixels at `char_w` per character,
/// broken between words: labels are wrapped, never cut. A word longer than
/// a line (an address) is broken where the line ends.
fn wrap(text: &str, width: f64, char_w: f64) -> Vec<String> {
    let max = (width / char_w).floor().max(1.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        if len > 0 && len + 1 + word.len() > max {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        while word.len() > max {
            let rest = word.split_off(max);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.extend(&word);
        len += word.len();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------
// Drawing

/// A group of rows as the chart lays it out: its heading's lines and each
/// row's label lines, which set their heights.
struct GroupLines<'a> {
    group: &'a TimelineGroup,
    title: Vec<String>,
    /// The width of the number column (see `number_width`).
    number_w: f64,
    labels: Vec<Vec<String>>,
}

impl<'a> GroupLines<'a> {
    fn new(group: &'a TimelineGroup, width: f64) -> GroupLines<'a> {
        let number_w = number_width(&group.rows);
        let label_w = LABEL_W - (8.0 + number_w) - 10.0;
        GroupLines {
            group,
            title: wrap(&group.title, width - 16.0, CHAR_W_HEADING),
            number_w,
            labels: group
                .rows
                .iter()
                .map(|r| wrap(&r.label, label_w, CHAR_W_LABEL))
                .collect(),
        }
    }

    fn title_height(&self) -> f64 {
        GROUP_H + (self.title.len().max(1) - 1) as f64 * GROUP_LINE_H
    }

    fn height(&self) -> f64 {
        self.title_height() + self.labels.iter().map(|l| row_height(l)).sum::<f64>()
    }
}

fn row_height(lines: &[String]) -> f64 {
    ROW_H + (lines.len().max(1) - 1) as f64 * LINE_H
}

/// The SVG being written, and what the legend must explain.
struct Canvas {
    out: String,
    layout: Layout,
    clipped: bool,
}

/// Appends formatted text to a canvas; writing to a `String` cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// SVG text of `lines` starting at `x`, the first on `baseline`, the
/// others `step` below each other.
fn text_lines(lines: &[String], x: f64, baseline: f64, step: f64) -> String {
    let mut out = String::new();
    for (k, line) in lines.iter().enumerate() {
        put!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(x),
            num(baseline + k as f64 * step),
            esc(line)
        );
    }
    out
}

fn draw(plan: &Plan, months: &[(i32, u32)], groups: &[TimelineGroup], today: NaiveDate) -> String {
    let Some(layout) = Layout::new(months) else {
        return String::new();
    };
    let groups: Vec<GroupLines> = groups
        .iter()
        .map(|g| GroupLines::new(g, layout.width))
        .collect();
    let rows_bottom = HEADER_H + groups.iter().map(GroupLines::height).sum::<f64>();
    let mut canvas = Canvas {
        out: String::new(),
        layout,
        clipped: false,
    };
    canvas.body(&groups, rows_bottom);
    let show_today = canvas.layout.contains(today);
    if show_today {
        canvas.today(today, rows_bottom);
    }
    let lines = legend_rows(
        &legend_items(canvas.clipped, show_today),
        canvas.layout.width,
    );
    canvas.legend(&lines, rows_bottom + LEGEND_GAP);
    let height = rows_bottom + LEGEND_GAP + lines.len() as f64 * LEGEND_LINE + BOTTOM_PAD;
    let dated = groups.iter().map(|g| g.group.rows.len()).sum();
    let mut svg = open(plan, &canvas.layout, dated, height);
    svg.push_str(&canvas.out);
    svg.push_str("</svg>");
    svg
}

/// The root element, its accessible name and description, `<defs>` and
/// the white ground.
fn open(plan: &Plan, layout: &Layout, dated: usize, height: f64) -> String {
    let mut out = String::new();
    let (w, h) = (num(layout.width), num(height));
    put!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"tl-title tl-desc\" class=\"timeline\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">"
    );
    let name = plan.name();
    put!(
        out,
        "<title id=\"tl-title\">Шкала времени: {}</title>",
        esc(&name)
    );
    put!(
        out,
        "<desc id=\"tl-desc\">{}</desc>",
        esc(&description(layout, dated))
    );
    // The hatch of recurring bars, and a clip for the label column: labels
    // are wrapped by an estimated glyph width, and the clip keeps a font wider
    // than the estimate from running into the chart.
    put!(
        out,
        "<defs><pattern id=\"tl-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{BAR_STROKE}\" stroke-width=\"3\"/></pattern>\
         <clipPath id=\"tl-labels\"><rect x=\"0\" y=\"0\" width=\"{}\" height=\"{h}\"/></clipPath></defs>",
        num(LABEL_W - 6.0)
    );
    put!(
        out,
        "<rect class=\"tl-bg\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>"
    );
    out
}

/// «41 мероприятие по месяцам с января 2023 г. по декабрь 2023 г.; …».
fn description(layout: &Layout, dated: usize) -> String {
    let (y0, m0) = layout.months.first().copied().unwrap_or_default();
    let (y1, m1) = layout.months.last().copied().unwrap_or_default();
    format!(
        "{dated} {} по месяцам с {} {y0} г. по {} {y1} г.; таблица ниже повторяет её текстом.",
        plural(dated, "мероприятие", "мероприятия", "мероприятий"),
        crate::dates::month_genitive(m0),
        crate::dates::month_name(m1),
    )
}

impl Canvas {
    /// Header, grid, group headings and rows.
    fn body(&mut self, groups: &[GroupLines], rows_bottom: f64) {
        self.zebra(groups);
        self.grid(rows_bottom);
        self.month_header();
        let mut y = HEADER_H;
        for group in groups {
            self.group_header(group, y);
            y += group.title_height();
            for (row, lines) in group.group.rows.iter().zip(&group.labels) {
                self.row(row, lines, y, group.number_w);
                y += row_height(lines);
            }
        }
    }

    /// Every other row lightly shaded, so a row can be followed across.
    fn zebra(&mut self, groups: &[GroupLines]) {
        let w = num(self.layout.width);
        let mut y = HEADER_H;
        for group in groups {
            y += group.title_height();
            for (index, lines) in group.labels.iter().enumerate() {
                let h = row_height(lines);
                if index % 2 == 1 {
                    put!(self.out,
                        "<rect class=\"tl-zebra\" x=\"0\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{ZEBRA_FILL}\"/>",
                        num(y),
                        num(h)
                    );
                }
                y += h;
            }
        }
    }

    /// A light line at each month's start, darker where a year begins.
    fn grid(&mut self, rows_bottom: f64) {
        let count = self.layout.months.len();
        for index in 0..=count {
            let x = num(LABEL_W + index as f64 * COL_W);
            let new_year =
                index == count || self.layout.months.get(index).is_some_and(|m| m.1 == 1);
            let (class, colour) = if new_year && index != 0 && index != count {
                ("tl-grid tl-grid-year", GRID_YEAR)
            } else {
                ("tl-grid", GRID)
            };
            put!(self.out,
                "<line class=\"{class}\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{colour}\"/>",
                num(TODAY_BAND + 4.0),
                num(rows_bottom)
            );
        }
    }

    /// Month names across, the year under January and under the first month.
    fn month_header(&mut self) {
        for index in 0..self.layout.months.len() {
            let Some(&(year, month)) = self.layout.months.get(index) else {
                continue;
            };
            let x = num(LABEL_W + (index as f64 + 0.5) * COL_W);
            put!(self.out,
                "<text class=\"tl-month\" x=\"{x}\" y=\"38\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
                month_name(&MONTH_HEADERS, month)
            );
            if index == 0 || month == 1 {
                put!(self.out,
                    "<text class=\"tl-year\" x=\"{x}\" y=\"54\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{INK}\">{year}</text>"
                );
            }
        }
    }

    fn group_header(&mut self, group: &GroupLines, y: f64) {
        put!(self.out,
            "<rect class=\"tl-group\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{GROUP_FILL}\"/>",
            num(y),
            num(self.layout.width),
            num(group.title_height())
        );
        put!(self.out,
            "<text class=\"tl-group-title\" font-size=\"13\" font-weight=\"bold\" fill=\"{INK}\">{}</text>",
            text_lines(&group.title, 8.0, y + 17.0, GROUP_LINE_H)
        );
    }

    /// One row: its label and marks, with a tooltip. Rows are not links: the
    /// picture is one image for assistive technology (`role="img"`), and the
    /// text table under it carries the links to the items.
    fn row(&mut self, row: &TimelineRow, lines: &[String], y: f64, number_w: f64) {
        let height = row_height(lines);
        let number = row.number.as_deref().unwrap_or("");
        let tooltip = format!(
            "{number} {} — {}",
            row.label,
            collapse_spaces(&row.period_text)
        );
        put!(
            self.out,
            "<g class=\"tl-row\" data-anchor=\"{}\"><title>{}</title>",
            esc(&row.anchor),
            esc(tooltip.trim())
        );
        // An invisible hit area: the whole row is the link's target.
        put!(self.out,
            "<rect class=\"tl-hit\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0\"/>",
            num(y),
            num(self.layout.width),
            num(height)
        );
        let first = y + ROW_H / 2.0 + 4.0;
        let baseline = num(first);
        if !number.is_empty() {
            put!(
                self.out,
                "<text class=\"tl-number\" x=\"8\" y=\"{baseline}\" fill=\"{INK}\">{}</text>",
                esc(number)
            );
        }
        put!(
            self.out,
            "<text class=\"tl-label\" fill=\"{INK}\" clip-path=\"url(#tl-labels)\">{}</text>",
            text_lines(lines, 8.0 + number_w, first, LINE_H)
        );
        self.marks(row, y + height / 2.0);
        self.out.push_str("</g><!--row-->");
    }

    /// Bars, hatched bars or a deadline diamond, by the kind of period.
    fn marks(&mut self, row: &TimelineRow, cy: f64) {
        match row.kind {
            PeriodKind::Deadline => {
                for interval in &row.intervals {
                    if Some(interval.start) != row.deadline {
                        self.bar(*interval, cy, Bar::Span);
                    }
                }
                if let Some(day) = row.deadline {
                    self.diamond(day, cy);
                }
            }
            PeriodKind::Recurring => {
                for interval in &row.intervals {
                    self.bar(*interval, cy, Bar::Hatched);
                }
            }
            _ => {
                for interval in &row.intervals {
                    self.bar(*interval, cy, Bar::Solid);
                }
            }
        }
    }

    /// A rounded bar over `interval`, clipped to the drawn months.
    fn bar(&mut self, interval: Interval, cy: f64, style: Bar) {
        let (first, last) = (self.layout.first_day, self.layout.last_day);
        if interval.end < first {
            return self.clip_arrow(LABEL_W, cy, -1.0);
        }
        if interval.start > last {
            return self.clip_arrow(self.layout.chart_right(), cy, 1.0);
        }
        let mut x0 = self.layout.x_at(interval.start.max(first), 0.0);
        let mut x1 = self.layout.x_at(interval.end.min(last), 1.0);
        if x1 - x0 < MIN_BAR_W {
            let mid = (x0 + x1) / 2.0;
            (x0, x1) = (mid - MIN_BAR_W / 2.0, mid + MIN_BAR_W / 2.0);
        }
        let (class, fill, stroke, height) = style.paint();
        put!(self.out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
            num(x0),
            num(cy - height / 2.0),
            num(x1 - x0),
            num(height)
        );
        if interval.start < first {
            self.clip_arrow(LABEL_W, cy, -1.0);
        }
        if interval.end > last {
            self.clip_arrow(self.layout.chart_right(), cy, 1.0);
        }
    }

    /// A dark arrowhead at a chart edge: the bar goes on past it.
    /// `direction` is -1 for the left edge, 1 for the right.
    fn clip_arrow(&mut self, edge: f64, cy: f64, direction: f64) {
        self.clipped = true;
        let back = edge - direction * 8.0;
        put!(
            self.out,
            "<polygon class=\"tl-clip\" points=\"{},{} {},{} {},{}\" fill=\"{BAR_STROKE}\"/>",
            num(edge),
            num(cy),
            num(back),
            num(cy - 7.0),
            num(back),
            num(cy + 7.0)
        );
    }

    /// A diamond centred on the deadline day.
    fn diamond(&mut self, day: NaiveDate, cy: f64) {
        if day < self.layout.first_day {
            return self.clip_arrow(LABEL_W, cy, -1.0);
        }
        if day > self.layout.last_day {
            return self.clip_arrow(self.layout.chart_right(), cy, 1.0);
        }
        let x = self.layout.x_at(day, 0.5);
        self.diamond_at(x, cy);
    }

    fn diamond_at(&mut self, x: f64, cy: f64) {
        put!(self.out,
            "<polygon class=\"tl-diamond\" points=\"{},{} {},{} {},{} {},{}\" fill=\"{DIAMOND_FILL}\" stroke=\"{BAR_STROKE}\"/>",
            num(x),
            num(cy - 8.0),
            num(x + 6.0),
            num(cy),
            num(x),
            num(cy + 8.0),
            num(x - 6.0),
            num(cy)
        );
    }

    /// The dashed «today» line with its date above the month names.
    fn today(&mut self, today: NaiveDate, rows_bottom: f64) {
        let x = self.layout.x_at(today, 0.5);
        let label = format!(
            "сегодня, {} {} {}",
            today.day(),
            month_name(&MONTH_SHORT_GENITIVE, today.month()),
            today.year()
        );
        let estimated = label.chars().count() as f64 * CHAR_W;
        let anchor = if x + estimated > self.layout.width - 4.0 {
            "end"
        } else {
            "start"
        };
        put!(self.out,
            "<line class=\"tl-today\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{TODAY}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
            num(TODAY_BAND - 2.0),
            num(rows_bottom),
            x = num(x)
        );
        put!(self.out,
            "<text class=\"tl-today-label\" x=\"{}\" y=\"14\" text-anchor=\"{anchor}\" fill=\"{TODAY}\">{label}</text>",
            num(x)
        );
    }
}

/// The three bar styles: a period, a recurring activity, the time before
/// a deadline (faint and thinner: the diamond is what matters).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bar {
    Solid,
    Hatched,
    Span,
}

impl Bar {
    /// Class, fill, stroke and height.
    fn paint(self) -> (&'static str, &'static str, &'static str, f64) {
        match self {
            Bar::Solid => ("tl-bar", BAR_FILL, BAR_STROKE, BAR_H),
            Bar::Hatched => ("tl-hatch", "url(#tl-hatch)", BAR_STROKE, BAR_H),
            Bar::Span => ("tl-span", SPAN_FILL, SPAN_STROKE, BAR_H / 2.0),
        }
    }
}

// ---------------------------------------------------------------------------
// Legend

#[derive(Clone, Copy, PartialEq, Eq)]
enum Swatch {
    Bar,
    Hatched,
    Deadline,
    Today,
    Clipped,
}

/// What the legend explains: the three marks always, «today» and the edge
/// arrow only when the chart shows them.
fn legend_items(clipped: bool, today: bool) -> Vec<(Swatch, &'static str)> {
    let mut items = vec![
        (Swatch::Bar, "сроки выполнения"),
        (Swatch::Hatched, "регулярное мероприятие"),
        (Swatch::Deadline, "крайний срок («до …»)"),
    ];
    if today {
        items.push((Swatch::Today, "сегодня"));
    }
    if clipped {
        items.push((Swatch::Clipped, "продолжается за краем шкалы"));
    }
    items
}

const SWATCH_W: f64 = 24.0;

/// Legend entries placed left to right, wrapped to the chart's width:
/// each line holds `(x, swatch, text)`.
fn legend_rows(
    items: &[(Swatch, &'static str)],
    width: f64,
) -> Vec<Vec<(f64, Swatch, &'static str)>> {
    let mut lines: Vec<Vec<(f64, Swatch, &'static str)>> = vec![Vec::new()];
    let mut x = 8.0;
    for &(swatch, text) in items {
        let item_w = SWATCH_W + 6.0 + text.chars().count() as f64 * CHAR_W_WIDE;
        if x > 8.0 && x + item_w > width - 8.0 {
            lines.push(Vec::new());
            x = 8.0;
        }
        if let Some(line) = lines.last_mut() {
            line.push((x, swatch, text));
        }
        x += item_w + 20.0;
    }
    lines
}

impl Canvas {
    fn legend(&mut self, lines: &[Vec<(f64, Swatch, &'static str)>], top: f64) {
        self.out.push_str("<g class=\"tl-legend\">");
        for (index, line) in lines.iter().enumerate() {
            let cy = top + index as f64 * LEGEND_LINE + LEGEND_LINE / 2.0;
            for &(x, swatch, text) in line {
                self.swatch(swatch, x, cy);
                put!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
                    num(x + SWATCH_W + 6.0),
                    num(cy + 4.0),
                    esc(text)
                );
            }
        }
        self.out.push_str("</g>");
    }

    fn swatch(&mut self, swatch: Swatch, x: f64, cy: f64) {
        let rect = |canvas: &mut Canvas, style: Bar| {
            let (class, fill, stroke, height) = style.paint();
            put!(canvas.out,
                "<rect class=\"{class}-key\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                num(x),
                num(cy - height / 2.0),
                num(SWATCH_W),
                num(height)
            );
        };
        match swatch {
            Swatch::Bar => rect(self, Bar::Solid),
            Swatch::Hatched => rect(self, Bar::Hatched),
            Swatch::Deadline => {
                rect(self, Bar::Span);
                self.diamond_at(x + SWATCH_W - 6.0, cy);
            }
            Swatch::Today => {
                put!(self.out,
                    "<line class=\"tl-today\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{TODAY}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
                    num(cy - 9.0),
                    num(cy + 9.0),
                    x = num(x + SWATCH_W / 2.0)
                );
            }
            Swatch::Clipped => {
                rect(self, Bar::Solid);
                self.clip_arrow(x + SWATCH_W, cy, 1.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::OnceLock;

    use super::*;
    use crate::diagnostics::{FileId, Span};
    use crate::model::{Block, Column, Site};
    use crate::period::{Period, PlanContext};

    fn site() -> &'static Site {
        static SITE: OnceLock<Site> = OnceLock::new();
        SITE.get_or_init(|| crate::load::load(Path::new(env!("CARGO_MANIFEST_DIR"))).site)
    }

    fn plan(district: &str) -> &'static Plan {
        let found = site()
            .districts
            .iter()
            .find(|d| d.slug == district)
            .and_then(|d| d.plans.first());
        found.unwrap_or_else(|| panic!("no plan in {district}"))
    }

    /// The item's text, or a matrix row's cells, as they are.
    fn label_of(item: &Item) -> String {
        match &item.text {
            Some(text) => text.source.clone(),
            None => item
                .cells
                .values()
                .map(|c| c.source.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn timeline(district: &str, today: NaiveDate) -> Timeline {
        build_timeline(plan(district), today, &label_of)
    }

    fn rows(timeline: &Timeline) -> impl Iterator<Item = &TimelineRow> {
        timeline.groups.iter().flat_map(|g| &g.rows)
    }

    fn row<'a>(timeline: &'a Timeline, number: &str) -> &'a TimelineRow {
        rows(timeline)
            .find(|r| r.number.as_deref() == Some(number))
            .unwrap_or_else(|| panic!("no row {number}"))
    }

    /// The markup of one row.
    fn row_markup<'a>(svg: &'a str, anchor: &str) -> &'a str {
        let open = format!("<g class=\"tl-row\" data-anchor=\"{anchor}\"");
        let start = svg.find(&open).unwrap_or_else(|| panic!("no row {anchor}"));
        let len = svg[start..].find("</g><!--row-->").expect("row is closed");
        &svg[start..start + len]
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not XML: {e}\n{svg}"))
    }

    /// A build date after every seed plan has ended.
    fn later() -> NaiveDate {
        date(2026, 11, 23)
    }

    #[test]
    fn kirovsky_draws_the_calendar_year_in_five_sections() {
        let t = timeline("kirovsky", later());
        let expected: Vec<(i32, u32)> = (1..=12).map(|m| (2023, m)).collect();
        assert_eq!(t.months, expected);
        assert_eq!(t.groups.len(), 5);
        assert_eq!(rows(&t).count(), 41);
        assert!(t.undated.is_empty());
        assert_eq!(t.groups[0].title, "I. Организационные мероприятия");
        assert_eq!(row(&t, "1.1.").anchor, "p-1-1");
        assert_eq!(
            row(&t, "1.1.").label,
            "Проведение установочного семинара для административных команд ШНОР"
        );
        // 12 months of 44 px beside the 300 px label column.
        assert!(t
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 844 "));
    }

    #[test]
    fn two_months_in_one_cell_make_two_bars() {
        let t = timeline("kirovsky", later());
        let r = row(&t, "3.1.");
        assert_eq!(r.period_text, "Март, октябрь 2023 года");
        assert_eq!(r.intervals.len(), 2);
        let markup = row_markup(&t.svg, "p-3-1");
        assert_eq!(markup.matches("class=\"tl-bar\"").count(), 2);
        assert!(markup.contains("<title>3.1. "), "{markup}");
        assert!(
            markup.contains(" — Март, октябрь 2023 года</title>"),
            "{markup}"
        );
    }

    #[test]
    fn an_open_range_runs_to_the_plan_end() {
        let t = timeline("kirovsky", later());
        let r = row(&t, "1.8.");
        assert_eq!(r.kind, PeriodKind::Range);
        assert_eq!(
            (r.start, r.end),
            (Some(date(2023, 4, 3)), Some(date(2023, 12, 31)))
        );
        // From 3 April (x = 300 + (3 + 2/30) · 44) to the chart's right edge (828).
        let markup = row_markup(&t.svg, "p-1-8");
        assert!(markup.contains("class=\"tl-bar\" x=\"434.9\" "), "{markup}");
        assert!(markup.contains("width=\"393.1\""), "{markup}");
        assert!(!markup.contains("tl-clip"));
    }

    #[test]
    fn the_today_line_shows_only_inside_the_drawn_months() {
        let inside = timeline("kirovsky", date(2023, 6, 15));
        assert!(inside.svg.contains("class=\"tl-today\""));
        assert!(inside.svg.contains(">сегодня, 15 июня 2023</text>"));
        let after = timeline("kirovsky", later());
        assert!(!after.svg.contains("tl-today"));
        assert!(!after.svg.contains("сегодня"));
    }

    #[test]
    fn every_seed_timeline_is_well_formed_and_deterministic() {
        for district in &site().districts {
            for p in &district.plans {
                let first = build_timeline(p, date(2023, 6, 15), &label_of);
                let second = build_timeline(p, date(2023, 6, 15), &label_of);
                assert_eq!(first, second, "{}", p.slug);
                if first.svg.is_empty() {
                    continue;
                }
                let doc = parse(&first.svg);
                let root = doc.root_element();
                assert_eq!(root.tag_name().name(), "svg");
                assert_eq!(root.attribute("role"), Some("img"));
                let title = root.children().find(|n| n.has_tag_name("title"));
                let title = title.and_then(|n| n.text()).unwrap_or_default();
                assert!(title.starts_with("Шкала времени: "), "{title}");
                let desc = root.children().find(|n| n.has_tag_name("desc"));
                let desc = desc.and_then(|n| n.text()).unwrap_or_default();
                assert!(
                    desc.ends_with("таблица ниже повторяет её текстом."),
                    "{desc}"
                );
            }
        }
    }

    #[test]
    fn kirovsky_description_counts_items_and_months() {
        let t = timeline("kirovsky", later());
        assert!(t.svg.contains(
            "<desc id=\"tl-desc\">41 мероприятие по месяцам с января 2023 г. по декабрь 2023 г.; \
             таблица ниже повторяет её текстом.</desc>"
        ));
    }

    #[test]
    fn livensky_keeps_graph_rows_apart_and_marks_deadlines() {
        let t = timeline("livensky", later());
        let graph = t.undated.iter().find(|r| r.period_text == "По графику");
        let graph = graph.expect("«По графику» is undated");
        assert_eq!(graph.kind, PeriodKind::Unknown);
        assert!(rows(&t).all(|r| r.period_text != "По графику"));
        assert!(t.undated.iter().any(|r| r.period_text == "По плану работы"));

        let deadline = rows(&t).find(|r| r.period_text == "До 1 октября текущего года");
        let deadline = deadline.expect("a dated deadline row");
        assert_eq!(deadline.kind, PeriodKind::Deadline);
        assert_eq!(deadline.deadline, Some(date(2023, 10, 1)));
        let markup = row_markup(&t.svg, &deadline.anchor);
        assert_eq!(markup.matches("class=\"tl-diamond\"").count(), 1);
        assert_eq!(markup.matches("class=\"tl-span\"").count(), 1);
        assert!(t.groups.iter().any(|g| g.title == "Таблица 2"));
    }

    #[test]
    fn livensky_recurring_rows_are_hatched() {
        let t = timeline("livensky", later());
        let r = rows(&t).find(|r| r.period_text == "2 раза в год (май, декабрь)");
        let r = r.expect("a recurring row");
        assert_eq!(r.kind, PeriodKind::Recurring);
        let markup = row_markup(&t.svg, &r.anchor);
        assert_eq!(
            markup.matches("class=\"tl-hatch\"").count(),
            r.intervals.len()
        );
        assert_eq!(t.svg.matches("<pattern ").count(), 1);
    }

    #[test]
    fn leningradskaya_starts_before_the_academic_year() {
        let t = timeline("leningradskaya-oblast", later());
        assert_eq!(t.months.first(), Some(&(2019, 8)));
        assert_eq!(t.months.last(), Some(&(2020, 12)));
        assert_eq!(t.months.len(), 17);
        // No sections: the loose rows are grouped under the table.
        assert_eq!(t.groups.len(), 1);
        assert_eq!(t.groups[0].title, "Таблица 1");
        // The year is written at the first month and under January.
        assert!(t.svg.contains(">2019</text>"));
        assert!(t.svg.contains(">2020</text>"));
    }

    #[test]
    fn a_matrix_plan_has_no_timeline() {
        let t = timeline("centralny", later());
        assert!(t.svg.is_empty());
        assert!(t.months.is_empty());
        assert!(t.groups.is_empty());
        assert!(t.undated.is_empty());
    }

    fn constructed(items: &[(&str, &str)], span: Option<Interval>) -> Plan {
        let zero = Span::new(FileId::default(), 0, 0);
        let md = |text: &str| Markdown::new(text.to_string(), zero);
        let ctx = PlanContext {
            span,
            year: span.map(|s| s.start.year()),
        };
        let column = |key: ColumnKey| Column {
            key,
            title: String::new(),
            body: None,
            span: zero,
        };
        let items = items
            .iter()
            .enumerate()
            .map(|(i, (text, period))| Item {
                number: Some(format!("{}.", i + 1)),
                text: Some(md(text)),
                period: Some(Period::parse(period, &ctx)),
                ..Item::empty(zero)
            })
            .collect();
        let mut plan = Plan {
            slug: "p".into(),
            title: md("План <b> & «кавычки»"),
            short_title: None,
            updated: date(2023, 1, 1),
            period_text: None,
            span_of_plan: span,
            year: ctx.year,
            marks: Vec::new(),
            approval: Vec::new(),
            signature_file: None,
            signature_file_span: None,
            blocks: vec![Block::Table(Table {
                id: None,
                caption: Some(md("Мероприятия *плана*")),
                columns: vec![
                    column(ColumnKey::Number),
                    column(ColumnKey::Text),
                    column(ColumnKey::Period),
                ],
                items,
                sections: Vec::new(),
                span: zero,
            })],
            span: zero,
        };
        plan.assign_anchors();
        plan
    }

    #[test]
    fn text_is_escaped() {
        let p = constructed(&[("Снять <script>&\" и всё", "Март 2023")], None);
        let t = build_timeline(&p, later(), &label_of);
        assert!(
            t.svg.contains("Снять &lt;script&gt;&amp;&quot; и всё"),
            "{}",
            t.svg
        );
        assert!(!t.svg.contains("<script"));
        assert_eq!(t.groups[0].title, "Мероприятия плана");
        parse(&t.svg);
        assert_eq!(t.months, vec![(2023, 3)]);
    }

    #[test]
    fn long_plans_are_cut_at_36_months_with_arrows() {
        let span = Interval {
            start: date(2020, 1, 1),
            end: date(2024, 12, 31),
        };
        let p = constructed(
            &[
                ("Долгое", "январь 2020 – декабрь 2024"),
                ("Позднее", "Май 2024"),
            ],
            Some(span),
        );
        let t = build_timeline(&p, later(), &label_of);
        assert_eq!(t.months.len(), 36);
        assert_eq!(t.months.last(), Some(&(2022, 12)));
        // One arrow on the long bar, one for the row beyond the edge, one in the legend.
        assert_eq!(t.svg.matches("class=\"tl-clip\"").count(), 3);
        assert!(t.svg.contains("продолжается за краем шкалы"));
        parse(&t.svg);
    }

    /// The words of each line of a row's label in the chart.
    fn label_lines(markup: &str) -> Vec<String> {
        let label = markup.split("class=\"tl-label\"").nth(1).unwrap_or("");
        let label = label.split("</text>").next().unwrap_or("");
        label
            .split("<tspan ")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1))
            .map(|t| t.trim_end_matches("</tspan").to_string())
            .collect()
    }

    #[test]
    fn chart_labels_wrap_whole_and_their_rows_grow() {
        for name in ["kirovsky", "livensky", "vasileostrovsky"] {
            let t = timeline(name, later());
            let mut wrapped = 0;
            for r in rows(&t) {
                let markup = row_markup(&t.svg, &r.anchor);
                let lines = label_lines(markup);
                assert_eq!(esc(&r.label), lines.join(" "), "{name} {}", r.anchor);
                if lines.len() > 1 {
                    wrapped += 1;
                    let hit = markup.split("class=\"tl-hit\"").nth(1).unwrap_or("");
                    let height = format!("height=\"{}\"", num(row_height(&lines)));
                    assert!(hit.contains(&height), "{markup}");
                }
            }
            assert!(wrapped > 0, "{name}: no long label to wrap");
        }
        assert_eq!(wrap("один два три", 7.0 * 8.0, 7.0), ["один два", "три"]);
        assert_eq!(
            wrap("https://example.org", 7.0 * 8.0, 7.0),
            ["https://", "example.", "org"]
        );
        assert_eq!(wrap("", 70.0, 7.0), [""]);
    }

    #[test]
    fn labels_are_cut_at_a_word_with_an_ellipsis() {
        let long = "слово ".repeat(30);
        let cut = truncate(long.trim(), LABEL_MAX_CHARS);
        assert!(cut.chars().count() <= LABEL_MAX_CHARS);
        assert!(cut.ends_with("слово…"), "{cut}");
        assert_eq!(truncate("коротко", 10), "коротко");
    }

    #[test]
    fn small_helpers() {
        assert_eq!(num(394.93), "394.9");
        assert_eq!(num(788.0), "788");
        assert_eq!(num(-0.01), "0");
        assert_eq!(plural(1, "a", "b", "c"), "a");
        assert_eq!(plural(3, "a", "b", "c"), "b");
        assert_eq!(plural(11, "a", "b", "c"), "c");
        assert_eq!(plural(41, "a", "b", "c"), "a");
        assert_eq!(plural(112, "a", "b", "c"), "c");
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 12), 31);
    }
}
