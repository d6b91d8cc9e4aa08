//! A district's page: its plans with what is under way, its bodies with
//! how many items each answers for, its glossary and calendar.

use super::*;
use summary::{plan_summary, PlanSummary};

#[derive(Serialize)]
struct DistrictPage {
    #[serde(flatten)]
    page: Page,
    district: DistrictView,
}

#[derive(Serialize)]
struct DistrictView {
    full_name: String,
    name: String,
    /// «Район», «Городской округ»…
    kind: String,
    region: String,
    organisation: Option<String>,
    organisation_url: Option<String>,
    plans: Vec<PlanSummary>,
    bodies: Vec<BodyCount>,
    glossary_href: String,
    calendar_href: String,
}

/// A body in the district's list: how many items it answers for.
#[derive(Serialize)]
struct BodyCount {
    name: String,
    full_name: Option<Html>,
    href: String,
    items: usize,
    items_word: &'static str,
}

pub(in crate::render) fn render(
    input: &RenderInput,
    district: &District,
    shared: &DistrictShared,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let path = paths::district_page(district);
    let text = shared.text(input, &path);
    let items = items::district_items(district);
    let plans = district
        .plans
        .iter()
        .map(|p| plan_summary(input, district, p, &text, true))
        .collect();
    let bodies = district
        .bodies
        .iter()
        .map(|b| {
            let n = items::body_items(&items, &b.id).len();
            BodyCount {
                name: b.name.clone(),
                full_name: b.full_name.as_deref().map(|f| text.plain(f)),
                href: paths::body_page(district, &b.id),
                items: n,
                items_word: items_word(n),
            }
        })
        .collect();
    let organisation = district.organisation.as_ref();
    let page = DistrictPage {
        page: Page::new(input, &path, &district_name(district), vec![home_crumb()]),
        district: DistrictView {
            full_name: district_name(district),
            name: district.name.clone(),
            kind: capitalise(district.kind.label()),
            region: district.region.clone(),
            organisation: organisation.map(|o| o.name.clone()),
            organisation_url: organisation.and_then(|o| o.url.clone()),
            plans,
            bodies,
            glossary_href: paths::district_glossary(district),
            calendar_href: paths::district_calendar(district),
        },
    };
    render_page(input, out, path, "district.html", &page)
}
