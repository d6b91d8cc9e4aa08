//! A plan's timeline page: the chart, and the same rows as lists by section.

use chrono::Datelike;

use super::*;
use crate::timeline::{build_timeline, Timeline, TimelineRow};

#[derive(Serialize)]
struct TimelinePage {
    #[serde(flatten)]
    page: Page,
    plan: TimelinePlan,
    svg: Html,
    groups: Vec<TimelineGroupView>,
    /// The same rows month by month: what a phone shows instead of the chart.
    months: Vec<TimelineMonth>,
    /// Rows longer than [`MONTHS_LISTED`] months, listed once, not per month.
    long: Vec<TimelineRowView>,
    undated: Vec<TimelineRowView>,
}

#[derive(Serialize)]
struct TimelineMonth {
    title: String,
    /// The month of «today».
    current: bool,
    rows: Vec<TimelineRowView>,
}

#[derive(Serialize)]
struct TimelinePlan {
    title: Html,
}

#[derive(Serialize)]
struct TimelineGroupView {
    title: String,
    rows: Vec<TimelineRowView>,
}

#[derive(Serialize)]
struct TimelineRowView {
    anchor: String,
    number: Option<String>,
    label: String,
    period_text: String,
    start: Option<DateView>,
    end: Option<DateView>,
}

impl TimelineRowView {
    fn new(r: &TimelineRow) -> TimelineRowView {
        TimelineRowView {
            anchor: r.anchor.clone(),
            number: r.number.clone(),
            label: r.label.clone(),
            period_text: r.period_text.clone(),
            start: r.start.map(DateView::new),
            end: r.end.map(DateView::new),
        }
    }
}

pub(super) fn render(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    plain_title: &str,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let Timeline {
        groups,
        undated,
        svg,
        months,
    } = build_timeline(plan, input.today, &item_plain);
    let (long, rows): (Vec<&TimelineRow>, Vec<&TimelineRow>) = groups
        .iter()
        .flat_map(|g| &g.rows)
        .partition(|r| months_spanned(r) > MONTHS_LISTED);
    let today = (input.today.year(), input.today.month());
    let path = paths::plan_files(district, plan).timeline;
    let mut crumbs = district_crumbs(district);
    crumbs.push(Crumb {
        title: plain_title.to_string(),
        href: paths::plan_page(district, plan),
    });
    let title = format!("Шкала времени: {plain_title}");
    let page = TimelinePage {
        page: Page::new(input, &path, &title, crumbs),
        plan: TimelinePlan {
            title: Html::escaped(plain_title),
        },
        // The chart is markup made by `timeline`, its texts escaped there.
        svg: Html::trusted(svg),
        groups: groups
            .iter()
            .map(|g| TimelineGroupView {
                title: g.title.clone(),
                rows: g.rows.iter().map(TimelineRowView::new).collect(),
            })
            .collect(),
        months: months
            .iter()
            .map(|&(y, m)| TimelineMonth {
                title: crate::dates::month_year(y, m),
                current: (y, m) == today,
                rows: rows
                    .iter()
                    .filter(|r| r.intervals.iter().any(|i| in_month(i, (y, m))))
                    .map(|r| TimelineRowView::new(r))
                    .collect(),
            })
            .collect(),
        long: long.iter().map(|r| TimelineRowView::new(r)).collect(),
        undated: undated.iter().map(TimelineRowView::new).collect(),
    };
    render_page(input, out, path, "timeline.html", &page)
}

/// A row spanning more months than this is listed once, apart, in the
/// month-by-month list: repeated under each month, a year-long item made
/// the timeline page twice as heavy.
const MONTHS_LISTED: usize = 3;

/// How many months `row`'s intervals touch.
fn months_spanned(row: &TimelineRow) -> usize {
    row.intervals
        .iter()
        .map(|i| crate::dates::months_between(i.start, i.end).len())
        .sum()
}

/// Whether `interval` has a day in the month `(year, month)`.
fn in_month(interval: &crate::period::Interval, (year, month): (i32, u32)) -> bool {
    let starts_before_end = (interval.start.year(), interval.start.month()) <= (year, month);
    let ends_after_start = (interval.end.year(), interval.end.month()) >= (year, month);
    starts_before_end && ends_after_start
}
