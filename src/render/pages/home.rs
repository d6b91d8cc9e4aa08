//! The home page: the site's regions, their districts and, on a site that
//! is not large, every plan with what is under way.

use super::*;
use summary::{plan_summary, PlanSummary};

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    page: Page,
    site_description: Option<Html>,
    regions: Vec<RegionView>,
    /// Plans are listed under their districts (not on a large site).
    plans_listed: bool,
}

#[derive(Serialize)]
struct RegionView {
    name: String,
    /// The region's calendar, on a site that has them.
    calendar_href: Option<String>,
    districts: Vec<HomeDistrict>,
}

#[derive(Serialize)]
struct HomeDistrict {
    slug: String,
    name: String,
    full_name: String,
    href: String,
    /// «3 плана».
    plan_count: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    plans: Option<Vec<PlanSummary>>,
}

pub(in crate::render) fn render(
    input: &RenderInput,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    let small = regions::is_small_site(site);
    let plans_listed = !regions::lists_districts(site);
    let region_pages = regions::has_region_pages(site);
    let regions = regions::regions(site)
        .into_iter()
        .map(|region| RegionView {
            name: region.name.to_string(),
            calendar_href: region_pages.then(|| region.calendar_path()),
            districts: region
                .districts
                .iter()
                .map(|d| home_district(input, d, plans_listed, small))
                .collect(),
        })
        .collect();
    let empty = Abbreviations::default();
    let text = TextRenderer::new(&empty, String::new(), site.allow_html);
    let mut page = Page::new(input, "index.html", &site.title, Vec::new());
    page.site_json.size = Some(crate::typography::human_size(input.site_json.len()));
    let view = HomePage {
        page,
        site_description: site.description.as_ref().map(|d| text.block(&d.source)),
        regions,
        plans_listed,
    };
    render_page(input, out, "index.html".into(), "index.html", &view)
}

/// A district on the home page: with its plans, or (`plans_listed` off,
/// on a large site) with how many it has.
fn home_district(
    input: &RenderInput,
    d: &District,
    plans_listed: bool,
    now_next: bool,
) -> HomeDistrict {
    let n = d.plans.len();
    let plans = plans_listed.then(|| {
        // One district's abbreviations at a time: all of them at once were
        // a tenth of a 10,000-plan build's memory.
        let abbreviations = Abbreviations::new(&d.glossary);
        let text = TextRenderer::new(
            &abbreviations,
            paths::district_glossary(d),
            input.site.allow_html,
        );
        d.plans
            .iter()
            .map(|p| plan_summary(input, d, p, &text, now_next))
            .collect()
    });
    HomeDistrict {
        slug: d.slug.clone(),
        name: d.name.clone(),
        full_name: district_name(d),
        href: paths::district_page(d),
        plan_count: format!(
            "{n} {}",
            crate::typography::plural(n, "план", "плана", "планов")
        ),
        plans,
    }
}
