//! Rendering: the model into the files of the site, through the theme.
//!
//! This file says which files a site and a district are made of
//! ([`render_site_pages`], [`render_district_files`]) and hands them to a
//! [`Sink`] (`build::Writer`, into the staging folder of `build`, or a
//! folder of `serve`); nothing here writes to disk. `pages/` has a module
//! per page kind, each with its view (what its template sees) and its render
//! function; `text.rs` turns text into HTML; `fragment.rs` makes the
//! paste-ready fragments for school sites.

mod fragment;
mod pages;
pub(crate) mod regions;
mod templates;
pub(crate) mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::{District, Site};
use crate::paths;
pub use pages::publisher::PublisherView;
use pages::{
    body, calendar, district, glossary, home, not_found, plan, publisher, sitemap, DistrictShared,
};
pub use templates::Templates;

/// One file of the built site: path relative to the site folder, with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go. Called from several threads at once.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), Diagnostic>;

    /// Offers to take a district's files from an earlier build instead of
    /// rendering them; `key` stands for everything they are made from (see
    /// [`district_key`]). Returns the paths and sizes of the files
    /// taken, or `None` to have the district rendered.
    fn reuse(&self, _slug: &str, _key: u64) -> Option<Vec<(String, u64)>> {
        None
    }
}

/// What a build renders against.
pub struct RenderInput<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub statics: &'a BTreeMap<String, Vec<u8>>,
    pub today: NaiveDate,
    /// The site index JSON (every page links to it with its size).
    pub site_json: &'a str,
    /// Called after each plan with (plans done, plans in all), from any thread.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Send + Sync)>,
    /// Whether to make the PDF and DOCX of each plan (the slow part).
    pub documents: bool,
    /// Who publishes the site, as every page's header and footer show it.
    pub publisher: &'a PublisherView,
    /// A hash of everything besides a district's own folder that its files
    /// depend on: site settings, theme, «today», documents, Vekha's version.
    pub site_key: u64,
}

/// Every file of one district. They depend on this district and the site
/// settings only, so `serve` re-renders just this after an edit in the
/// district's folder, and `build` can reuse them whole.
pub fn render_district_files(
    input: &RenderInput,
    district: &District,
    plan_done: &(dyn Fn() + Sync),
) -> Result<Vec<Output>, Diagnostic> {
    let mut out = Vec::new();
    let shared = DistrictShared::new(input.site, district);
    for (index, p) in district.plans.iter().enumerate() {
        // Page, embed page, fragment, data files, documents, timeline.
        plan::render(input, district, p, index, &shared, &mut out)?;
        plan_done();
    }
    body::render_all(input, district, &shared, &mut out)?;
    district::render(input, district, &shared, &mut out)?;
    glossary::render_district(input, district, &mut out)?;
    calendar::render_district(input, district, &mut out)?;
    out.extend(attachments(district)?);
    Ok(out)
}

/// The pages about the whole site. `pages`: the paths of all other HTML
/// pages, in any order, for the sitemap. `region_calendars`: the regions
/// whose calendars to render (`serve` after an edit: those of the touched
/// districts), `None` for all.
pub fn render_site_pages(
    input: &RenderInput,
    pages: &[String],
    region_calendars: Option<&BTreeSet<String>>,
) -> Result<Vec<Output>, Diagnostic> {
    // The home page beside the glossary and calendars: they are most of
    // what `serve` does after an edit, and side by side they raise a large
    // build's peak memory only a little (docs/performance.md).
    let (home, others) = rayon::join(
        || timed("home page", |out| home::render(input, out)),
        || {
            let mut out = timed("site glossary", |out| glossary::render_site(input, out))?;
            out.extend(timed("site calendar", |out| {
                calendar::render_site(input, region_calendars, out)
            })?);
            Ok(out)
        },
    );
    let mut out = home?;
    out.extend(others?);
    not_found::render(input, &mut out)?;
    publisher::render(input, &mut out)?;
    let mut all: Vec<&str> = pages.iter().map(String::as_str).collect();
    all.extend(out.iter().map(|o| o.path.as_str()));
    all.sort_unstable();
    // `serve` lists the region calendars it serves and those it renders again.
    all.dedup();
    out.push(sitemap::sitemap(input.site, &all));
    out.push(sitemap::robots(input.site));
    Ok(out)
}

/// Renders the whole site into `sink`: the theme's static files, the site's
/// JSON, each district's files, then the site pages. Districts render in
/// parallel and their files reach the sink as soon as a district is done,
/// so memory holds a few districts' files, not the site; the bytes of every
/// file never depend on thread timing.
pub fn render_site(input: &RenderInput, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let pages = std::sync::Mutex::new(Vec::new());
    let recording = |o: Output| {
        if o.path.ends_with(".html") {
            if let Ok(mut pages) = pages.lock() {
                pages.push(o.path.clone());
            }
        }
        sink.put(o)
    };
    for (name, bytes) in input.statics {
        recording(Output {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        })?;
    }
    recording(Output {
        path: paths::SITE_JSON.into(),
        bytes: input.site_json.as_bytes().to_vec(),
    })?;
    let total = input.site.plan_count();
    let done = AtomicUsize::new(0);
    let plan_done = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(progress) = input.progress {
            progress(n, total);
        }
    };
    input.site.districts.par_iter().try_for_each(|district| {
        // An unchanged district is taken from the previous build as it is.
        let key = district_key(input.site_key, district);
        if let Some(taken) = sink.reuse(&district.slug, key) {
            if let Ok(mut pages) = pages.lock() {
                pages.extend(
                    taken
                        .into_iter()
                        .map(|(p, _)| p)
                        .filter(|p| p.ends_with(".html")),
                );
            }
            district.plans.iter().for_each(|_| plan_done());
            return Ok(());
        }
        let files = render_district_files(input, district, &plan_done)?;
        files.into_iter().try_for_each(&recording)
    })?;
    let mut pages = pages.into_inner().unwrap_or_default();
    pages.sort();
    let started = std::time::Instant::now();
    let site_pages = render_site_pages(input, &pages, None)?;
    crate::timing::phase("site pages", started);
    for o in site_pages {
        sink.put(o)?;
    }
    Ok(())
}

/// What a district's files are made from: its folder and the site around
/// it. Equal keys, equal files.
pub fn district_key(site_key: u64, district: &District) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (site_key, district.fingerprint, &district.slug).hash(&mut h);
    h.finish()
}

/// The files a district's folder holds for download, copied as they are.
fn attachments(district: &District) -> Result<Vec<Output>, Diagnostic> {
    district
        .attachments
        .iter()
        .map(|a| {
            copied(
                &a.source,
                paths::attachment(district, &a.published_name),
                "вложение",
            )
        })
        .collect()
}

/// A file of `content/` published as it is, at `path`; `what` names it in
/// the message when it cannot be read.
fn copied(source: &std::path::Path, path: String, what: &str) -> Result<Output, Diagnostic> {
    let bytes = std::fs::read(source).map_err(|e| {
        Diagnostic::for_path(
            crate::diagnostics::Severity::Error,
            source,
            format!(
                "не удалось прочитать {what}: {}",
                crate::diagnostics::os_error(&e)
            ),
        )
        .with_help("закройте файл, если он открыт в другой программе, и проверьте права на чтение")
    })?;
    Ok(Output { path, bytes })
}

/// The files of one site page, its time reported under `what`.
fn timed(
    what: &str,
    page: impl FnOnce(&mut Vec<Output>) -> Result<(), Diagnostic>,
) -> Result<Vec<Output>, Diagnostic> {
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    page(&mut out)?;
    crate::timing::phase(what, started);
    Ok(out)
}

/// The prefix that leads from a page at `path` back to the site root:
/// `kirovsky/plan/index.html` → `../../`. All links are relative, so the
/// site works from any sub-folder and from the disk.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_follows_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("kirovsky/index.html"), "../");
        assert_eq!(root_of("kirovsky/bodies/imc/index.html"), "../../../");
    }
}
