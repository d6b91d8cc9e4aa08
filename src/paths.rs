//! Where every published file lives, relative to the site's root: the URL
//! layout in one place. Pages, data files, documents, the sitemap and the
//! links between them all ask here, so a file and the links to it cannot
//! drift apart.
//!
//! ```text
//! index.html  glossary.html  calendar.html  404.html  sitemap.xml  robots.txt
//! data/site.json
//! regions/<region>/calendar.html
//! <district>/index.html  glossary.html  calendar.html  files/<attachment>
//! <district>/<plan>/index.html  timeline.html  embed.html  fragment.html
//!                  <district>-<plan>.json .csv .ics .pdf .docx
//! <district>/bodies/<body>/index.html  embed.html  fragment.html
//!                          <district>-<body>.ics
//! ```

use crate::model::{BodyId, District, Plan};

/// Every territory's abbreviations.
pub const SITE_GLOSSARY: &str = "glossary.html";
/// Every dated item of the site.
pub const SITE_CALENDAR: &str = "calendar.html";
pub const NOT_FOUND: &str = "404.html";
/// «О сайте»: who publishes the site, its contacts, how to use it.
pub const ABOUT: &str = "about.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The site index as data.
pub const SITE_JSON: &str = "data/site.json";
/// The folder of the region calendars: reserved, no territory may take it.
pub const REGIONS: &str = "regions";

/// The files of a plan's or a body's folder, and a district's own pages:
/// links from a page to its neighbours use these names.
pub const PAGE: &str = "index.html";
pub const TIMELINE: &str = "timeline.html";
pub const EMBED: &str = "embed.html";
pub const FRAGMENT: &str = "fragment.html";
pub const GLOSSARY: &str = "glossary.html";
pub const CALENDAR: &str = "calendar.html";

/// The last part of a path: `kirovsky/shnor-2023/x.csv` → `x.csv`.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A region's calendar (`regions/<slug>/calendar.html`).
pub fn region_calendar(region_slug: &str) -> String {
    format!("{REGIONS}/{region_slug}/{CALENDAR}")
}

/// A territory's page (`<district>/index.html`).
pub fn district_page(district: &District) -> String {
    format!("{}/{PAGE}", district.slug)
}

/// A territory's abbreviations (`<district>/glossary.html`).
pub fn district_glossary(district: &District) -> String {
    format!("{}/{GLOSSARY}", district.slug)
}

/// A territory's calendar (`<district>/calendar.html`).
pub fn district_calendar(district: &District) -> String {
    format!("{}/{CALENDAR}", district.slug)
}

/// An attached file of a territory (a scanned order, a signature).
pub fn attachment(district: &District, published_name: &str) -> String {
    format!("{}/files/{published_name}", district.slug)
}

/// A plan's page (`<district>/<plan>/index.html`): what most links need.
pub fn plan_page(district: &District, plan: &Plan) -> String {
    format!("{}/{}/{PAGE}", district.slug, plan.slug)
}

/// One item on its plan's page: `<district>/<plan>/index.html#<anchor>`.
pub fn item_href(district: &District, plan: &Plan, anchor: &str) -> String {
    format!("{}#{anchor}", plan_page(district, plan))
}

/// All files of a plan, for the code that writes them. The data files and
/// documents carry the district as well as the plan slug in their names:
/// plans of different districts share slugs (`shnor-2023`), and a
/// downloaded file must still say which plan it is.
pub struct PlanFiles {
    pub page: String,
    pub timeline: String,
    pub embed: String,
    pub fragment: String,
    pub json: String,
    pub csv: String,
    pub ics: String,
    pub pdf: String,
    pub docx: String,
}

pub fn plan_files(district: &District, plan: &Plan) -> PlanFiles {
    let dir = format!("{}/{}", district.slug, plan.slug);
    let stem = format!("{dir}/{}-{}", district.slug, plan.slug);
    PlanFiles {
        page: format!("{dir}/{PAGE}"),
        timeline: format!("{dir}/{TIMELINE}"),
        embed: format!("{dir}/{EMBED}"),
        fragment: format!("{dir}/{FRAGMENT}"),
        json: format!("{stem}.json"),
        csv: format!("{stem}.csv"),
        ics: format!("{stem}.ics"),
        pdf: format!("{stem}.pdf"),
        docx: format!("{stem}.docx"),
    }
}

/// A responsible body's page (`<district>/bodies/<body>/index.html`).
pub fn body_page(district: &District, body: &BodyId) -> String {
    format!("{}/bodies/{body}/{PAGE}", district.slug)
}

/// A body's calendar (`<district>/bodies/<body>/<district>-<body>.ics`).
pub fn body_ics(district: &District, body: &BodyId) -> String {
    format!(
        "{}/bodies/{body}/{}-{body}.ics",
        district.slug, district.slug
    )
}

/// All files of a body's page, for the code that writes them.
pub struct BodyFiles {
    pub page: String,
    pub embed: String,
    pub fragment: String,
    pub ics: String,
}

pub fn body_files(district: &District, body: &BodyId) -> BodyFiles {
    let dir = format!("{}/bodies/{body}", district.slug);
    BodyFiles {
        page: format!("{dir}/{PAGE}"),
        embed: format!("{dir}/{EMBED}"),
        fragment: format!("{dir}/{FRAGMENT}"),
        ics: body_ics(district, body),
    }
}

/// The media type of a published file, by its extension: what `serve`
/// answers with, and what a page's `<link rel="icon">` says of the icon.
pub fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_path() {
        assert_eq!(
            file_name("kirovsky/shnor-2023/kirovsky-shnor-2023.csv"),
            "kirovsky-shnor-2023.csv"
        );
        assert_eq!(file_name("index.html"), "index.html");
        assert_eq!(
            region_calendar("sankt-peterburg"),
            "regions/sankt-peterburg/calendar.html"
        );
    }
}
