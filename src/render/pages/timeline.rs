//! A plan's timeline page: the chart, and the same rows as lists by section.

use super::*;
use crate::timeline::{build_timeline, Timeline, TimelineRow};

#[derive(Serialize)]
struct TimelinePage {
    #[serde(flatten)]
    page: Page,
    plan: TimelinePlan,
    svg: Html,
    groups: Vec<TimelineGroupView>,
    undated: Vec<TimelineRowView>,
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
        ..
    } = build_timeline(plan, input.today, &item_plain);
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
        undated: undated.iter().map(TimelineRowView::new).collect(),
    };
    render_page(input, out, path, "timeline.html", &page)
}
