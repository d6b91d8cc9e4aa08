//! The calendar pages: a territory's (every item by month), the site's
//! (every item on a small site; per territory or region and month on a
//! large one) and each region's.

use chrono::Datelike;
use rayon::prelude::*;

use super::*;
use crate::period::PeriodKind;

#[derive(Serialize)]
struct CalendarPlan {
    district: String,
    title: Html,
    href: String,
    items: Vec<ItemBrief>,
}

/// What a calendar page covers.
#[derive(Clone, Copy)]
enum CalendarScope<'a> {
    Site,
    Region(&'a regions::Region<'a>),
    District(&'a District),
}

/// A district's calendar: every item of its plans by month.
pub(in crate::render) fn render_district(
    input: &RenderInput,
    district: &District,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    render(input, CalendarScope::District(district), out)
}

/// The calendar of a district or of a small site (every item).
fn render(
    input: &RenderInput,
    scope: CalendarScope,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let districts: Vec<&District> = match scope {
        CalendarScope::District(d) => vec![d],
        CalendarScope::Region(r) => r.districts.clone(),
        CalendarScope::Site => input.site.districts.iter().collect(),
    };
    let (months, ongoing) = detailed_calendar(input, &districts);
    calendar_page(input, scope, Shown::Items, months, ongoing, out)
}

/// The site's calendar: every item on a small site; on a large one, items
/// counted per district and month, or, with region calendars, per region
/// and month, then the region calendars named in `which` (all of them when
/// `None`).
pub(in crate::render) fn render_site(
    input: &RenderInput,
    which: Option<&BTreeSet<String>>,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    if regions::is_small_site(input.site) {
        render(input, CalendarScope::Site, out)
    } else {
        render_summary_calendars(input, which, out)
    }
}

fn render_summary_calendars(
    input: &RenderInput,
    which: Option<&BTreeSet<String>>,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    if regions::has_region_pages(site) {
        return render_region_calendars(input, which, out);
    }
    let districts: Vec<&District> = site.districts.iter().collect();
    let (months, ongoing) = calendar_counts(&districts);
    let (months, ongoing) = count_contents(months, ongoing, district_calendar_link);
    let scope = CalendarScope::Site;
    calendar_page(input, scope, Shown::Districts, months, ongoing, out)
}

/// The region calendars named in `which` (all when `None`) and the site
/// calendar that counts regions.
fn render_region_calendars(
    input: &RenderInput,
    which: Option<&BTreeSet<String>>,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let regions = regions::regions(input.site);
    // Every item of the site is counted (450,000 at 10,000 plans), also
    // after an edit in `serve`: side by side, a region each.
    let counts: Vec<_> = regions
        .par_iter()
        .map(|region| calendar_counts(&region.districts))
        .collect();
    let mut site_months: BTreeMap<(i32, u32), Vec<(usize, usize)>> = BTreeMap::new();
    let mut site_ongoing: Vec<(usize, usize)> = Vec::new();
    for (r, (region, (months, ongoing))) in regions.iter().zip(counts).enumerate() {
        for (key, counts) in &months {
            let entry = site_months.entry(*key).or_default();
            entry.push((r, total(counts)));
        }
        if !ongoing.is_empty() {
            site_ongoing.push((r, total(&ongoing)));
        }
        if which.is_some_and(|w| !w.contains(region.name)) {
            continue;
        }
        let (months, ongoing) = count_contents(months, ongoing, district_calendar_link);
        let scope = CalendarScope::Region(region);
        calendar_page(input, scope, Shown::Districts, months, ongoing, out)?;
    }
    let (months, ongoing) = count_contents(site_months, site_ongoing, |&r| {
        (regions[r].name.to_string(), regions[r].calendar_path())
    });
    calendar_page(
        input,
        CalendarScope::Site,
        Shown::Regions,
        months,
        ongoing,
        out,
    )
}

/// A district in a summary calendar: its name and its calendar.
fn district_calendar_link(d: &&District) -> (String, String) {
    (d.name.clone(), paths::district_calendar(d))
}

/// What a calendar page lists each month.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// The items of each plan.
    Items,
    /// How many items each district has.
    Districts,
    /// How many items each region has.
    Regions,
}

fn total<T>(counts: &[(T, usize)]) -> usize {
    counts.iter().map(|(_, n)| n).sum()
}

fn calendar_page(
    input: &RenderInput,
    scope: CalendarScope,
    shown: Shown,
    months: CalendarMonths,
    ongoing: CalendarContent,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let (path, crumbs, title) = match scope {
        CalendarScope::Site => (
            paths::SITE_CALENDAR.to_string(),
            vec![home_crumb()],
            "Календарь мероприятий".to_string(),
        ),
        CalendarScope::Region(r) => (
            r.calendar_path(),
            vec![
                home_crumb(),
                Crumb {
                    title: "Календарь мероприятий".into(),
                    href: paths::SITE_CALENDAR.into(),
                },
            ],
            format!("Календарь мероприятий: {}", r.name),
        ),
        CalendarScope::District(d) => (
            paths::district_calendar(d),
            district_crumbs(d),
            format!("Календарь мероприятий: {}", d.name),
        ),
    };
    let today = (input.today.year(), input.today.month());
    // The month of «today», or the first one after it: one tap away.
    let soon = months.keys().find(|&&key| key >= today).map(|&key| Crumb {
        title: if key == today {
            format!("Текущий месяц: {}", dates::month_year(key.0, key.1))
        } else {
            format!("Ближайший месяц: {}", dates::month_year(key.0, key.1))
        },
        href: format!("#{}", month_id(key)),
    });
    let months: Vec<MonthView> = months
        .into_iter()
        .map(|(key, content)| MonthView {
            id: month_id(key),
            title: dates::month_year(key.0, key.1),
            current: key == today,
            content,
        })
        .collect();
    let page = CalendarPage {
        page: Page::new(input, &path, &title, crumbs),
        summary: shown != Shown::Items,
        by_region: shown == Shown::Regions,
        soon,
        months,
        ongoing,
    };
    render_page(input, out, path, "calendar.html", &page)
}

#[derive(Serialize)]
struct CalendarPage {
    #[serde(flatten)]
    page: Page,
    /// Counts per district or region, not items.
    summary: bool,
    by_region: bool,
    /// The current month, or the next one with items.
    soon: Option<Crumb>,
    months: Vec<MonthView>,
    ongoing: CalendarContent,
}

/// What a calendar shows for a month, or for «the whole plan»: the lines of
/// each plan (detailed), or how many items each district has (summary).
#[derive(Serialize, Default)]
struct CalendarContent {
    plans: Vec<CalendarPlan>,
    districts: Vec<DistrictCount>,
}

/// A district in a summary calendar: how many items it has in a month.
#[derive(Serialize)]
struct DistrictCount {
    name: String,
    href: String,
    count: String,
}

#[derive(Serialize)]
struct MonthView {
    id: String,
    title: String,
    current: bool,
    #[serde(flatten)]
    content: CalendarContent,
}

fn month_id((y, m): (i32, u32)) -> String {
    format!("m-{y}-{m:02}")
}

type CalendarMonths = BTreeMap<(i32, u32), CalendarContent>;

fn detailed_calendar(
    input: &RenderInput,
    districts: &[&District],
) -> (CalendarMonths, CalendarContent) {
    let mut months: BTreeMap<(i32, u32), Vec<CalendarPlan>> = BTreeMap::new();
    let mut ongoing: Vec<CalendarPlan> = Vec::new();
    for d in districts {
        calendar_entries(input, d, &mut months, &mut ongoing);
    }
    let months = months
        .into_iter()
        .map(|(key, plans)| {
            let content = CalendarContent {
                plans,
                districts: Vec::new(),
            };
            (key, content)
        })
        .collect();
    let ongoing = CalendarContent {
        plans: ongoing,
        districts: Vec::new(),
    };
    (months, ongoing)
}

/// What a summary calendar shows: each place (a district or a region)
/// with its number of items and a link (from `link`: name, page) to the
/// same month in the place's own calendar.
fn count_contents<T>(
    months: BTreeMap<(i32, u32), Vec<(T, usize)>>,
    ongoing: Vec<(T, usize)>,
    link: impl Fn(&T) -> (String, String),
) -> (CalendarMonths, CalendarContent) {
    let views = |counts: &[(T, usize)], anchor: &str| -> Vec<DistrictCount> {
        counts
            .iter()
            .map(|(place, n)| {
                let (name, page) = link(place);
                DistrictCount {
                    name,
                    href: format!("{page}#{anchor}"),
                    count: format!("{n} {}", items_word(*n)),
                }
            })
            .collect()
    };
    let months = months
        .into_iter()
        .map(|(key, counts)| {
            let content = CalendarContent {
                plans: Vec::new(),
                districts: views(&counts, &month_id(key)),
            };
            (key, content)
        })
        .collect();
    let ongoing = CalendarContent {
        plans: Vec::new(),
        districts: views(&ongoing, "ongoing-title"),
    };
    (months, ongoing)
}

/// Items per district and month, and items «for the whole plan» per
/// district: all a summary calendar shows (no text is rendered).
type Counts<'a> = Vec<(&'a District, usize)>;

fn calendar_counts<'a>(
    districts: &[&'a District],
) -> (BTreeMap<(i32, u32), Counts<'a>>, Counts<'a>) {
    let mut months: BTreeMap<(i32, u32), Counts> = BTreeMap::new();
    let mut ongoing: Counts = Vec::new();
    // Counted per district first: at 10,000 plans the site calendar
    // counts 450,000 items, and a lookup in the site-wide map for each
    // item and month was most of an edit's site pages in `serve`.
    let mut per_month: rustc_hash::FxHashMap<(i32, u32), usize> = Default::default();
    let mut slot_months = Vec::new();
    for &d in districts {
        per_month.clear();
        let mut whole = 0;
        let items = d
            .plans
            .iter()
            .flat_map(|p| p.tables())
            .flat_map(|t| t.all_items());
        for item in items.filter(|i| i.is_leaf()) {
            let Some(period) = &item.period else {
                continue;
            };
            match calendar_slot(period, &mut slot_months) {
                CalendarSlot::WholePlan => whole += 1,
                CalendarSlot::Months => {
                    for &key in &slot_months {
                        *per_month.entry(key).or_default() += 1;
                    }
                }
                CalendarSlot::Nowhere => {}
            }
        }
        if whole > 0 {
            ongoing.push((d, whole));
        }
        for (&key, &n) in &per_month {
            months.entry(key).or_default().push((d, n));
        }
    }
    (months, ongoing)
}

/// The calendar lines of one district's plans, by month and «whole plan».
fn calendar_entries(
    input: &RenderInput,
    d: &District,
    months: &mut BTreeMap<(i32, u32), Vec<CalendarPlan>>,
    ongoing: &mut Vec<CalendarPlan>,
) {
    let empty = Abbreviations::default();
    let text = TextRenderer::new(&empty, String::new(), input.site.allow_html);
    let mut slot_months = Vec::new();
    for p in &d.plans {
        let mut per_month: BTreeMap<(i32, u32), Vec<ItemBrief>> = BTreeMap::new();
        let mut whole: Vec<ItemBrief> = Vec::new();
        for r in items_of(d, p).iter().filter(|r| r.item.is_leaf()) {
            let Some(period) = &r.item.period else {
                continue;
            };
            let slot = calendar_slot(period, &mut slot_months);
            if matches!(slot, CalendarSlot::Nowhere) {
                continue;
            }
            let line = ItemBrief::new(r, 160, &text);
            match slot {
                CalendarSlot::Nowhere => {}
                CalendarSlot::WholePlan => whole.push(line),
                CalendarSlot::Months => {
                    for &key in &slot_months {
                        per_month.entry(key).or_default().push(line.clone());
                    }
                }
            }
        }
        let title = Html::escaped(&p.name());
        let href = paths::plan_page(d, p);
        let entry = |items| CalendarPlan {
            district: d.name.clone(),
            title: title.clone(),
            href: href.clone(),
            items,
        };
        for (key, items) in per_month {
            months.entry(key).or_default().push(entry(items));
        }
        if !whole.is_empty() {
            ongoing.push(entry(whole));
        }
    }
}

/// Where an item stands in a calendar.
enum CalendarSlot {
    Nowhere,
    /// «В течение года», «постоянно», recurring without months.
    WholePlan,
    /// In the months `calendar_slot` put in its buffer.
    Months,
}

/// Where an item with `period` stands; for `Months`, `months` holds them,
/// in order and each once (a buffer reused from item to item: a set made
/// for each item was a tenth of a district calendar's time).
fn calendar_slot(period: &crate::period::Period, months: &mut Vec<(i32, u32)>) -> CalendarSlot {
    months.clear();
    match period.kind {
        PeriodKind::Unknown => CalendarSlot::Nowhere,
        PeriodKind::WholePlan => CalendarSlot::WholePlan,
        PeriodKind::Recurring if period.intervals.len() <= 1 => CalendarSlot::WholePlan,
        PeriodKind::Deadline => match period.deadline {
            Some(day) => {
                months.push((day.year(), day.month()));
                CalendarSlot::Months
            }
            None => CalendarSlot::Nowhere,
        },
        _ => {
            for i in &period.intervals {
                months.extend(dates::months_between(i.start, i.end));
            }
            if period.intervals.len() > 1 {
                months.sort_unstable();
                months.dedup();
            }
            CalendarSlot::Months
        }
    }
}
