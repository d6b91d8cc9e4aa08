//! The pages of the site, a module per page kind. Each owns its view (what
//! its template sees, a typed struct holding a [`Page`]) and its render
//! function; `render/mod.rs` lists which pages a site and a district have.
//! This file holds what the pages share: the view every page has, the ways
//! a page is rendered, what a district's pages make once, and small words.

pub(super) mod body;
pub(super) mod calendar;
pub(super) mod district;
mod document;
pub(super) mod glossary;
pub(super) mod home;
mod items;
pub(super) mod not_found;
pub(super) mod plan;
pub(super) mod publisher;
mod school;
pub(super) mod sitemap;
mod summary;
mod timeline;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::collate;
use crate::dates;
use crate::diagnostics::{Diagnostic, Severity};
use crate::export;
use crate::markdown::truncate;
use crate::model::{District, Markdown, Plan, Site};
use crate::paths;
use crate::render::text::{escape, glossary_anchor, Abbreviations, Html, TextRenderer};
use crate::render::{fragment, regions, root_of, Output, RenderInput};
use crate::typography::capitalise;
use items::{item_plain, items_of, ItemBrief, ItemRef};
use school::{DataFile, SchoolView, CALENDAR_NOTE};

/// A date for display: machine form for `<time datetime>`, official form.
#[derive(Debug, Clone, Serialize)]
struct DateView {
    iso: String,
    /// «10 марта 2023 г.», its last space non-breaking.
    long: Html,
    /// «10.03.2023».
    short: String,
}

impl DateView {
    fn new(d: NaiveDate) -> DateView {
        DateView {
            iso: dates::date_iso(d),
            long: Html::escaped(&dates::date_long_published(d)),
            short: dates::date_short(d),
        }
    }
}

/// What every page's template sees (`base.html`): where the site's root is
/// from this page, the site, the page's title and the way back, today.
#[derive(Serialize)]
struct Page {
    root: String,
    site_title: String,
    page_title: String,
    breadcrumbs: Vec<Crumb>,
    today: DateView,
    /// The page's address at `base_url`, when the site has one.
    canonical: Option<String>,
    description: Option<String>,
    site_json: SiteJsonLink,
    publisher: publisher::PublisherView,
}

/// The link to the site's JSON. Only the home page states its size: a size
/// in every footer would change every page whenever any plan changes.
#[derive(Serialize)]
struct SiteJsonLink {
    href: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<String>,
}

impl Page {
    fn new(input: &RenderInput, path: &str, title: &str, breadcrumbs: Vec<Crumb>) -> Page {
        let site = input.site;
        Page {
            root: root_of(path),
            site_title: site.title.clone(),
            page_title: title.to_string(),
            breadcrumbs,
            today: DateView::new(input.today),
            canonical: site
                .base_url
                .as_ref()
                .map(|b| format!("{b}{}", path.trim_end_matches("index.html"))),
            description: site.description.as_ref().map(Markdown::to_plain),
            site_json: SiteJsonLink {
                href: paths::SITE_JSON,
                size: None,
            },
            publisher: input.publisher.clone(),
        }
    }
}

/// A step of the way back (breadcrumbs), or any titled link.
#[derive(Serialize)]
struct Crumb {
    title: String,
    href: String,
}

/// «Все планы»: the first step back from every page but the home page.
fn home_crumb() -> Crumb {
    Crumb {
        title: "Все планы".into(),
        href: "index.html".into(),
    }
}

/// «Все планы / <district>»: the way back from any page of a district.
fn district_crumbs(district: &District) -> Vec<Crumb> {
    vec![
        home_crumb(),
        Crumb {
            title: district.name.clone(),
            href: paths::district_page(district),
        },
    ]
}

/// A page's template context, made from its view.
fn context(view: &impl Serialize) -> Result<Context, Diagnostic> {
    Context::from_serialize(view).map_err(|e| {
        Diagnostic::for_path(
            Severity::Error,
            std::path::Path::new("templates"),
            format!("не удалось передать данные страницы шаблону: {e}"),
        )
        .with_help("это ошибка программы «Веха», а не исходника; сообщите о ней разработчикам")
    })
}

/// A page's context with the plan document's keys added (made once for
/// the plan page and its embed page: tera shares the converted values).
/// A page view holding one of those keys would be overwritten silently;
/// the tests, built with debug assertions, catch that.
fn with_document(mut ctx: Context, document: &Context) -> Context {
    for key in document::DocumentView::KEYS {
        debug_assert!(!ctx.contains_key(key), "a page view has «{key}»");
    }
    ctx.extend(document.clone());
    ctx
}

/// Renders the page `view` with `template` into `path`.
fn render_page(
    input: &RenderInput,
    out: &mut Vec<Output>,
    path: String,
    template: &str,
    view: &impl Serialize,
) -> Result<(), Diagnostic> {
    let bytes = input.templates.render_bytes(template, &context(view)?)?;
    out.push(Output { path, bytes });
    Ok(())
}

/// Renders a page whose context holds a part rendered once for several
/// pages: the HTML `part` stands where the template prints `key` (see
/// `Templates::render_with_part`).
fn render_with_part(
    input: &RenderInput,
    out: &mut Vec<Output>,
    path: String,
    template: &str,
    ctx: &mut Context,
    (key, part): (&'static str, &[u8]),
) -> Result<(), Diagnostic> {
    let bytes = input.templates.render_with_part(template, ctx, key, part)?;
    out.push(Output { path, bytes });
    Ok(())
}

/// What an embed page (`embed.html`: a part without the site around it)
/// sees besides its part: the page beside it and when it was updated.
#[derive(Serialize)]
struct EmbedPage {
    #[serde(flatten)]
    page: Page,
    source_href: &'static str,
    updated: DateView,
}

impl EmbedPage {
    fn new(input: &RenderInput, path: &str, title: &str, updated: NaiveDate) -> EmbedPage {
        EmbedPage {
            page: Page::new(input, path, title, Vec::new()),
            source_href: "index.html",
            updated: DateView::new(updated),
        }
    }
}

/// What the pages of one district share while it renders, made once:
/// texts recur on plan, body and district pages (see `Abbreviations` and
/// `fragment::Fragments`), and its calendar events feed plan and body files.
pub(super) struct DistrictShared<'a> {
    abbreviations: Abbreviations,
    fragments: fragment::Fragments,
    events: export::ics::DistrictEvents<'a>,
}

impl<'a> DistrictShared<'a> {
    pub(super) fn new(site: &Site, district: &'a District) -> DistrictShared<'a> {
        // Both share the district's typeset texts (`typography::Memo`).
        let abbreviations = Abbreviations::new(&district.glossary);
        DistrictShared {
            fragments: fragment::Fragments::new(abbreviations.typeset()),
            abbreviations,
            events: export::ics::DistrictEvents::new(site, district),
        }
    }

    /// The text renderer of a page of this district at `page` (a path in
    /// the district's folder), linking terms to the district's glossary.
    fn text(&self, input: &RenderInput, page: &str) -> TextRenderer<'_> {
        let glossary = format!("{}{}", district_root_of(page), paths::GLOSSARY);
        TextRenderer::new(&self.abbreviations, glossary, input.site.allow_html)
    }
}

/// The prefix from a page at `page` (`<district>/…`) back to its district's
/// folder: `kirovsky/shnor-2023/index.html` → `../`.
fn district_root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count().saturating_sub(1))
}

/// «пункт», «пункта», «пунктов» for `n`.
fn items_word(n: usize) -> &'static str {
    crate::typography::plural(n, "пункт", "пункта", "пунктов")
}

/// A district's full name («Кировский район г. Уфы»), or its short one.
fn district_name(d: &District) -> String {
    d.full_name.clone().unwrap_or_else(|| d.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plural_of_items() {
        let words: Vec<&str> = [1, 2, 5, 11, 12, 21, 22, 25, 111]
            .iter()
            .map(|&n| items_word(n))
            .collect();
        assert_eq!(
            words,
            [
                "пункт",
                "пункта",
                "пунктов",
                "пунктов",
                "пунктов",
                "пункт",
                "пункта",
                "пунктов",
                "пунктов"
            ]
        );
    }
}
