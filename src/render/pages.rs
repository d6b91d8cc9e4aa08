//! Every page and file of the site, in a fixed order so that the same input
//! always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::collate;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::markdown::truncate;
use crate::model::{BodyId, ColumnKey, District, Item, Markdown, Plan, Site};
use crate::paths;

mod calendar;
mod glossary;
mod sitemap;

use crate::period::PeriodKind;
use crate::render::text::{escape, glossary_anchor, Abbreviations, TextRenderer};
use crate::render::views::{block_views, signature_view, DateView};
use crate::render::{fragment, regions, root_of, Output, Sink, Templates};
use crate::timeline;
use calendar::{is_small_site, render_calendar, render_summary_calendars, CalendarScope};
use glossary::{render_district_glossary, render_site_glossary};
use sitemap::{robots, sitemap};

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
    /// A hash of everything besides a district's own folder that its files
    /// depend on: site settings, theme, «today», documents, Vekha's version.
    pub site_key: u64,
}

/// What a district's files are made from: its folder and the site around
/// it. Equal keys, equal files.
pub fn district_key(site_key: u64, district: &District) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (site_key, district.fingerprint, &district.slug).hash(&mut h);
    h.finish()
}

/// One item of one plan, with where it lives.
struct ItemRef<'a> {
    district: &'a District,
    plan: &'a Plan,
    item: &'a Item,
    /// 1-based row number within its table, for rows without a number.
    row: usize,
    /// Matrix cells this item holds per body (column key → body).
    matrix_bodies: Vec<(&'a BodyId, String)>,
}

impl ItemRef<'_> {
    fn href(&self) -> String {
        paths::item_href(self.district, self.plan, &self.item.anchor)
    }
}

fn items_of<'a>(district: &'a District, plan: &'a Plan) -> Vec<ItemRef<'a>> {
    let mut out = Vec::new();
    for table in plan.tables() {
        let level_columns: Vec<(&BodyId, &str)> = table
            .columns
            .iter()
            .filter_map(|c| c.body.as_ref().map(|b| (&b.id, c.key.as_str())))
            .collect();
        for (ri, item) in table.all_items().into_iter().enumerate() {
            let matrix_bodies = level_columns
                .iter()
                .filter_map(|(body, key)| {
                    item.cells
                        .get(*key)
                        .filter(|m| !m.source.trim().is_empty())
                        .map(|m| (*body, m.source.clone()))
                })
                .collect();
            out.push(ItemRef {
                district,
                plan,
                item,
                row: ri + 1,
                matrix_bodies,
            });
        }
    }
    out
}

/// An item's text without markup: its text, or its matrix cells joined.
fn item_plain(item: &Item) -> String {
    match &item.text {
        Some(t) => t.to_plain(),
        None => crate::markdown::to_plain(&item_markdown(item)),
    }
}

/// The main text of an item: its text, or its matrix cells.
fn item_markdown(item: &Item) -> String {
    match &item.text {
        Some(t) => t.source.clone(),
        None => item
            .cells
            .values()
            .map(|m| m.source.clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

pub fn items_word(n: usize) -> &'static str {
    crate::typography::plural(n, "пункт", "пункта", "пунктов")
}

/// Human file size: «812 байт», «12,3 КБ».
pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} байт")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} КБ", bytes as f64 / 1024.0).replace('.', ",")
    } else {
        format!("{:.1} МБ", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

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

/// Context shared by all pages: where the root is, the site, today.
fn base_context(input: &RenderInput, path: &str, title: &str, crumbs: Vec<Crumb>) -> Context {
    let mut ctx = Context::new();
    ctx.insert("root", &root_of(path));
    ctx.insert("site_title", &input.site.title);
    ctx.insert("page_title", title);
    ctx.insert("breadcrumbs", &crumbs);
    ctx.insert("today", &DateView::new(input.today));
    ctx.insert(
        "canonical",
        &input
            .site
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", path.trim_end_matches("index.html"))),
    );
    let description = input.site.description.as_ref().map(Markdown::to_plain);
    ctx.insert("description", &description);
    // Only the home page states the size of the site's JSON: a size in
    // every footer would change every page whenever any plan changes.
    ctx.insert("site_json", &serde_json::json!({"href": paths::SITE_JSON}));
    ctx
}

/// A page with a part rendered once for several pages: the HTML `part`
/// stands where the template prints `key` (see `Templates::render_with_part`).
fn render_page_with(
    input: &RenderInput,
    out: &mut Vec<Output>,
    path: String,
    template: &str,
    ctx: &mut Context,
    key: &'static str,
    part: &[u8],
) -> Result<(), Diagnostic> {
    let bytes = input.templates.render_with_part(template, ctx, key, part)?;
    out.push(Output { path, bytes });
    Ok(())
}

/// An embed page (`embed.html`, the part without the site around it,
/// linking back to the page beside it), with its part as in
/// `render_page_with`.
fn render_embed(
    input: &RenderInput,
    out: &mut Vec<Output>,
    path: String,
    mut ctx: Context,
    updated: NaiveDate,
    key: &'static str,
    part: &[u8],
) -> Result<(), Diagnostic> {
    ctx.insert("source_href", "index.html");
    ctx.insert("updated", &DateView::new(updated));
    render_page_with(input, out, path, "embed.html", &mut ctx, key, part)
}

fn render_page(
    input: &RenderInput,
    out: &mut Vec<Output>,
    path: String,
    template: &str,
    ctx: &Context,
) -> Result<(), Diagnostic> {
    let bytes = input.templates.render_bytes(template, ctx)?;
    out.push(Output { path, bytes });
    Ok(())
}

/// Renders the whole site into `sink`. Districts render in parallel and
/// their files reach the sink as soon as a district is done, so memory
/// holds a few districts' files, not the site; the bytes of every file
/// never depend on thread timing.
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

/// What the pages of one district share while it renders: texts recur on
/// plan, body and district pages, and are made once (see `Abbreviations`
/// and `fragment::Fragments`).
struct DistrictTexts {
    abbreviations: Abbreviations,
    fragments: fragment::Fragments,
}

impl DistrictTexts {
    /// Both share the district's typeset texts (`typography::Memo`).
    fn new(district: &District) -> DistrictTexts {
        let abbreviations = Abbreviations::new(&district.glossary);
        DistrictTexts {
            fragments: fragment::Fragments::new(abbreviations.typeset()),
            abbreviations,
        }
    }
}

/// Every file of one district: plans, bodies, district page, glossary,
/// calendar, attachments (copied as they are). They depend on this district
/// and the site settings only, so `serve` re-renders just this after an edit
/// in the district's folder, and `build` can reuse them whole.
pub fn render_district_files(
    input: &RenderInput,
    district: &District,
    plan_done: &(dyn Fn() + Sync),
) -> Result<Vec<Output>, Diagnostic> {
    let mut out = Vec::new();
    let texts = DistrictTexts::new(district);
    let abbreviations = &texts.abbreviations;
    let events = export::ics::DistrictEvents::new(input.site, district);
    for (index, plan) in district.plans.iter().enumerate() {
        let ics = events.plan_ics(index);
        render_plan(input, district, plan, &texts, ics, &mut out)?;
        plan_done();
    }
    render_bodies(input, district, &texts, &events, &mut out)?;
    render_district(input, district, abbreviations, &mut out)?;
    render_district_glossary(input, district, &mut out)?;
    render_calendar(input, CalendarScope::District(district), &mut out)?;
    for a in &district.attachments {
        let bytes = std::fs::read(&a.source).map_err(|e| {
            Diagnostic::for_path(
                crate::diagnostics::Severity::Error,
                &a.source,
                format!("не удалось прочитать вложение: {}", crate::diagnostics::os_error(&e)),
            )
            .with_help("закройте файл, если он открыт в другой программе, и проверьте права на чтение; или уберите его из папки территории")
        })?;
        out.push(Output {
            path: paths::attachment(district, &a.published_name),
            bytes,
        });
    }
    Ok(out)
}

/// The pages about the whole site (home, glossary, calendars, 404,
/// sitemap, robots.txt). `pages`: the paths of all other HTML pages, in any
/// order, for the sitemap. `region_calendars`: the regions whose calendars
/// to render (`serve` after an edit: those of the touched districts),
/// `None` for all.
pub fn render_site_pages(
    input: &RenderInput,
    pages: &[String],
    region_calendars: Option<&BTreeSet<String>>,
) -> Result<Vec<Output>, Diagnostic> {
    let site = input.site;
    // The home page beside the glossary and calendar: they are most of what
    // `serve` does after an edit. On a site of 10,000 plans each holds tens
    // of megabytes on top of the model; side by side they raise the build's
    // peak by about 25 MiB (docs/performance.md).
    let (home, others) = rayon::join(
        || timed("home page", |out| render_home(input, out)),
        || {
            let mut out = timed("site glossary", |out| render_site_glossary(input, out))?;
            out.extend(timed("site calendar", |out| {
                if is_small_site(site) {
                    render_calendar(input, CalendarScope::Site, out)
                } else {
                    render_summary_calendars(input, region_calendars, out)
                }
            })?);
            Ok(out)
        },
    );
    let mut out = home?;
    out.extend(others?);
    let mut ctx = base_context(input, paths::NOT_FOUND, "Страница не найдена", Vec::new());
    // Hosting serves the 404 page for any missing address, at any depth:
    // relative links only work from the root, absolute ones everywhere.
    if let Some(base) = &site.base_url {
        ctx.insert("root", base);
    }
    render_page(input, &mut out, paths::NOT_FOUND.into(), "404.html", &ctx)?;
    let mut all: Vec<&str> = pages.iter().map(String::as_str).collect();
    all.extend(out.iter().map(|o| o.path.as_str()));
    all.sort_unstable();
    // `serve` lists the region calendars it serves and those it renders again.
    all.dedup();
    out.push(sitemap(site, &all));
    out.push(robots(site));
    Ok(out)
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

#[derive(Serialize, Clone)]
struct DataFile {
    href: String,
    label: String,
    format: &'static str,
    size: String,
    note: Option<&'static str>,
}

#[derive(Serialize)]
struct SchoolView {
    subject: String,
    fragment_href: String,
    fragment_size: String,
    fragment_code: String,
    embed_href: String,
    iframe_code: String,
    absolute: bool,
    documents: Vec<DataFile>,
}

/// The iframe snippet: the embed page plus a tiny listener that sets the
/// iframe's height from the page's messages.
fn iframe_code(site: &Site, embed_path: &str, title: &str) -> String {
    let base = site
        .base_url
        .clone()
        .unwrap_or_else(|| "АДРЕС-САЙТА/".to_string());
    format!(
        "<iframe src=\"{base}{embed_path}\" title=\"{}\" style=\"width:100%;border:0;min-height:400px\" loading=\"lazy\" data-vekha-embed></iframe>\n<script>addEventListener(\"message\",function(e){{var d=e.data;if(!d||d.vekha!==\"height\")return;document.querySelectorAll(\"iframe[data-vekha-embed]\").forEach(function(f){{if(f.contentWindow===e.source){{f.style.height=d.height+\"px\";}}}});}});</script>",
        escape(title)
    )
}

fn render_plan(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    texts: &DistrictTexts,
    ics: String,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    let files = paths::plan_files(district, plan);
    let source_url = site.base_url.as_ref().map(|b| format!("{b}{}", files.page));
    // Data files first: the page shows their sizes.
    let data = plan_data(site, district, plan, &files, ics);
    let frag = texts.fragments.plan(plan, source_url.as_deref());
    let documents = if input.documents {
        plan_documents(district, plan, &files)?
    } else {
        Vec::new()
    };
    let mut data_files: Vec<DataFile> = data.iter().map(|(_, file)| file.clone()).collect();
    let plain_title = plan.name();
    let school = SchoolView {
        subject: "этот план".into(),
        fragment_href: paths::FRAGMENT.into(),
        fragment_size: human_size(frag.len()),
        fragment_code: frag.clone(),
        embed_href: paths::EMBED.into(),
        iframe_code: iframe_code(site, &files.embed, &plain_title),
        absolute: site.base_url.is_some(),
        documents: documents.iter().map(|(_, file)| file.clone()).collect(),
    };
    let has_documents = !documents.is_empty();
    for (output, file) in documents {
        data_files.insert(0, file);
        out.push(output);
    }
    // A detached signature stands right after the document it signs.
    if let Some(a) = plan
        .signature_file
        .as_deref()
        .and_then(|f| district.attachment(f))
    {
        let format = if a.published_name.ends_with(".pdf") {
            "PDF"
        } else {
            "SIG"
        };
        let file = DataFile {
            href: format!("../files/{}", a.published_name),
            label: "Электронная подпись или подписанный скан документа".into(),
            format,
            size: human_size(usize::try_from(a.size).unwrap_or(usize::MAX)),
            note: None,
        };
        data_files.insert(usize::from(has_documents), file);
    }
    out.extend(data.into_iter().map(|(output, _)| output));
    out.push(Output {
        path: files.fragment.clone(),
        bytes: fragment::fragment_document(&plain_title, &frag).into_bytes(),
    });

    let path = files.page.clone();
    // Plan pages sit at <district>/<plan>/: the district glossary is one up.
    let text = TextRenderer::new(
        &texts.abbreviations,
        format!("../{}", paths::GLOSSARY),
        site.allow_html,
    );
    let mut ctx = base_context(input, &path, &plain_title, district_crumbs(district));
    // The document part is the same on the page and the embed page (both
    // sit in the plan's folder): it is rendered once and both take the HTML.
    let doc = document_context(district, plan, &plain_title, &text);
    for (k, v) in &doc {
        ctx.insert_value(*k, v.clone());
    }
    let document_html = input.templates.render_bytes("document.html", &ctx)?;
    ctx.insert("district", &serde_json::json!({"name": district.name, "kind": capitalise(district.kind.label()), "href": paths::district_page(district)}));
    ctx.insert("data_files", &data_files);
    ctx.insert("data_title", "Документ и данные плана");
    ctx.insert("school", &school);
    let part = document_html.as_slice();
    render_page_with(
        input,
        out,
        path,
        "plan.html",
        &mut ctx,
        "document_html",
        part,
    )?;

    // Embed page: the document without the site around it.
    let embed_path = files.embed.clone();
    let mut ctx = base_context(input, &embed_path, &plain_title, Vec::new());
    for (k, v) in doc {
        ctx.insert_value(k, v);
    }
    let part = document_html.as_slice();
    render_embed(
        input,
        out,
        embed_path,
        ctx,
        plan.updated,
        "document_html",
        part,
    )?;

    render_timeline(input, district, plan, &plain_title, out)
}

/// A plan's data files and their links on its page, in the page's order:
/// a new format is one line here and a field of `paths::PlanFiles`. `ics`
/// is the plan's calendar as made with the district's events.
fn plan_data(
    site: &Site,
    district: &District,
    plan: &Plan,
    files: &paths::PlanFiles,
    ics: String,
) -> Vec<(Output, DataFile)> {
    let data_file = |path: &str, bytes: Vec<u8>, label: &str, format, note| {
        let file = DataFile {
            href: paths::file_name(path).to_string(),
            label: label.into(),
            format,
            size: human_size(bytes.len()),
            note,
        };
        let output = Output {
            path: path.to_string(),
            bytes,
        };
        (output, file)
    };
    let json = export::json::plan_json(site, district, plan).into_bytes();
    let csv = export::csv::plan_csv(district, plan);
    let mut out = vec![
        data_file(&files.json, json, "Все данные плана", "JSON", None),
        data_file(
            &files.csv,
            csv,
            "Таблица мероприятий для Excel",
            "CSV, UTF-8, разделитель «;»",
            None,
        ),
    ];
    // A plan without dated items (a matrix) gets no calendar file.
    if export::ics::has_events(&ics) {
        out.push(data_file(
            &files.ics,
            ics.into_bytes(),
            "Сроки для календаря",
            "iCalendar",
            Some(CALENDAR_NOTE),
        ));
    }
    out
}

/// What a reader does with a calendar file.
const CALENDAR_NOTE: &str = "откройте файл или подпишитесь на него в календаре телефона";

/// The PDF and DOCX of a plan, with their links (documents come first in
/// the list of files, as the official form of the plan).
fn plan_documents(
    district: &District,
    plan: &Plan,
    files: &paths::PlanFiles,
) -> Result<Vec<(Output, DataFile)>, Diagnostic> {
    let (pdf_path, docx_path) = (files.pdf.clone(), files.docx.clone());
    let failed = |what: &str, e: String| {
        Diagnostic::for_path(
            crate::diagnostics::Severity::Error,
            std::path::Path::new(&format!("content/{}/{}.md", district.slug, plan.slug)),
            format!("не удалось сделать {what} плана: {e}"),
        )
        .with_help("это ошибка программы «Веха», а не исходника; сообщите о ней разработчикам")
    };
    let pdf = crate::documents::plan_pdf(district, plan).map_err(|e| failed("PDF", e))?;
    let docx = crate::documents::plan_docx(district, plan).map_err(|e| failed("DOCX", e))?;
    // Reversed: each is inserted at the front of the list.
    Ok(vec![
        document_file(
            docx_path,
            docx,
            "Документ для редактирования",
            "DOCX",
            "открывается в Word и LibreOffice",
        ),
        document_file(
            pdf_path,
            pdf,
            "Документ для печати и раздела «Документы»",
            "PDF",
            "с текстовым слоем и разметкой для экранного диктора",
        ),
    ])
}

/// A document file and its link (linked from the plan's own folder).
fn document_file(
    path: String,
    bytes: Vec<u8>,
    label: &str,
    format: &'static str,
    note: &'static str,
) -> (Output, DataFile) {
    let file = DataFile {
        href: paths::file_name(&path).to_string(),
        label: label.into(),
        format,
        size: human_size(bytes.len()),
        note: Some(note),
    };
    (Output { path, bytes }, file)
}

/// The link to a plan's signature or scan, from the plan page, with format
/// and size as the rules for official documents ask.
fn signature_link(district: &District, plan: &Plan) -> Option<serde_json::Value> {
    let a = district.attachment(plan.signature_file.as_deref()?)?;
    let format = a
        .published_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_uppercase();
    let what = if matches!(format.as_str(), "SIG" | "P7S") {
        "Электронная подпись документа"
    } else {
        "Подписанный документ"
    };
    Some(serde_json::json!({
        "href": format!("../files/{}", a.published_name),
        "label": what,
        "info": format!("{format}, {}", human_size(usize::try_from(a.size).unwrap_or(usize::MAX))),
    }))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Context parts for the document itself (plan page and embed page).
fn document_context(
    district: &District,
    plan: &Plan,
    plain_title: &str,
    text: &TextRenderer,
) -> Vec<(&'static str, tera::Value)> {
    let head_at_top = !plan
        .blocks
        .iter()
        .any(|b| matches!(b, crate::model::Block::Head));
    // The head renders first when it is at the top, so abbreviations there
    // get the glossary links.
    let title = text.inline(&plan.title.source);
    let marks: Vec<String> = plan.marks.iter().map(|m| text.inline(&m.source)).collect();
    let approval: Vec<_> = plan
        .approval
        .iter()
        .map(|s| signature_view(s, text))
        .collect();
    let blocks = block_views(plan, plain_title, text);
    let wide = plan.tables().any(|t| t.columns.len() >= 4);
    let plan_view = serde_json::json!({
        "title": title,
        "marks": marks,
        "approval": approval,
        "updated": DateView::new(plan.updated),
        "period": plan.period_text.as_deref().map(|p| text.plain(p)),
        "timeline_href": plan.tables().any(|t| t.has_column(&ColumnKey::Period)),
        "signature_file": signature_link(district, plan),
    });
    // tera values share their arrays and maps: the page and the embed page
    // insert clones of one conversion.
    vec![
        ("plan", tera::Value::from_serializable(&plan_view)),
        ("blocks", tera::Value::from_serializable(&blocks)),
        ("head_at_top", tera::Value::from(head_at_top)),
        ("wide", tera::Value::from(wide)),
    ]
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

#[derive(Serialize)]
struct TimelineGroupView {
    title: String,
    rows: Vec<TimelineRowView>,
}

fn row_view(r: &timeline::TimelineRow) -> TimelineRowView {
    TimelineRowView {
        anchor: r.anchor.clone(),
        number: r.number.clone(),
        label: r.label.clone(),
        period_text: r.period_text.clone(),
        start: r.start.map(DateView::new),
        end: r.end.map(DateView::new),
    }
}

fn render_timeline(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    plain_title: &str,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let tl = timeline::build_timeline(plan, input.today, &item_plain);
    let path = paths::plan_files(district, plan).timeline;
    let mut ctx = base_context(
        input,
        &path,
        &format!("Шкала времени: {plain_title}"),
        {
            let mut crumbs = district_crumbs(district);
            crumbs.push(Crumb {
                title: plain_title.to_string(),
                href: paths::plan_page(district, plan),
            });
            crumbs
        },
    );
    ctx.insert("plan", &serde_json::json!({"title": escape(plain_title)}));
    ctx.insert("svg", &tl.svg);
    let groups: Vec<TimelineGroupView> = tl
        .groups
        .iter()
        .map(|g| TimelineGroupView {
            title: g.title.clone(),
            rows: g.rows.iter().map(row_view).collect(),
        })
        .collect();
    ctx.insert("groups", &groups);
    ctx.insert(
        "undated",
        &tl.undated.iter().map(row_view).collect::<Vec<_>>(),
    );
    render_page(input, out, path, "timeline.html", &ctx)
}

#[derive(Serialize)]
struct ItemLine {
    href: String,
    number: Option<String>,
    row: usize,
    text: String,
    period: String,
    responsible: String,
    plan_title: String,
    plan_href: String,
}

fn item_line(r: &ItemRef, text_md: &str, text: &TextRenderer) -> ItemLine {
    ItemLine {
        href: r.href(),
        number: r.item.number.clone(),
        row: r.row,
        text: text.inline(text_md),
        period: r
            .item
            .period
            .as_ref()
            .map(|p| text.plain(&p.text))
            .unwrap_or_default(),
        responsible: r
            .item
            .responsible
            .as_ref()
            .map(|x| text.plain(&x.text))
            .unwrap_or_default(),
        plan_title: escape(&r.plan.name()),
        plan_href: paths::plan_page(r.district, r.plan),
    }
}

/// Items of a district naming `body`, with the text to show for each
/// (a matrix row shows the body's own cell), in date order.
fn body_items<'a>(items: &'a [ItemRef<'a>], body: &BodyId) -> Vec<(&'a ItemRef<'a>, String)> {
    let mut found: Vec<(&ItemRef, String)> = items
        .iter()
        .filter_map(|r| {
            if let Some((_, cell)) = r.matrix_bodies.iter().find(|(b, _)| *b == body) {
                return Some((r, cell.clone()));
            }
            let named = r
                .item
                .responsible
                .as_ref()
                .is_some_and(|x| x.bodies().contains(&body));
            named.then(|| (r, item_markdown(r.item)))
        })
        .collect();
    found.sort_by_key(|(r, _)| {
        let p = r.item.period.as_ref();
        (
            p.and_then(|p| p.start()).unwrap_or(NaiveDate::MAX),
            p.and_then(|p| p.end()).unwrap_or(NaiveDate::MAX),
        )
    });
    found
}

fn render_bodies(
    input: &RenderInput,
    district: &District,
    texts: &DistrictTexts,
    events: &export::ics::DistrictEvents,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    let items: Vec<ItemRef> = district
        .plans
        .iter()
        .flat_map(|p| items_of(district, p))
        .collect();
    for body in &district.bodies {
        let files = paths::body_files(district, &body.id);
        let path = files.page.clone();
        let mine = body_items(&items, &body.id);
        let text = TextRenderer::new(
            &texts.abbreviations,
            format!("../../{}", paths::GLOSSARY),
            site.allow_html,
        );
        let lines: Vec<ItemLine> = mine.iter().map(|(r, md)| item_line(r, md, &text)).collect();
        let ics = events.body_ics(&body.id).map(String::into_bytes);
        let updated = district
            .plans
            .iter()
            .map(|p| p.updated)
            .max()
            .unwrap_or(input.today);
        let rows: Vec<(String, String, String)> = mine
            .iter()
            .map(|(r, md)| {
                (
                    r.item
                        .period
                        .as_ref()
                        .map(|p| p.text.clone())
                        .unwrap_or_default(),
                    r.item.number.clone().unwrap_or_default(),
                    md.clone(),
                )
            })
            .collect();
        let title = format!("{}: мероприятия ({})", body.name, district.name);
        let source = site.base_url.as_ref().map(|b| format!("{b}{path}"));
        let frag = texts
            .fragments
            .rows(&title, &rows, source.as_deref(), updated);
        let data_files: Vec<DataFile> = ics
            .iter()
            .map(|ics| DataFile {
                href: paths::file_name(&files.ics).to_string(),
                label: format!("Сроки «{}» для календаря", body.name),
                format: "iCalendar",
                size: human_size(ics.len()),
                note: Some(CALENDAR_NOTE),
            })
            .collect();
        let school = SchoolView {
            subject: format!("мероприятия, за которые отвечает {}", body.name),
            fragment_href: paths::FRAGMENT.into(),
            fragment_size: human_size(frag.len()),
            fragment_code: frag.clone(),
            embed_href: paths::EMBED.into(),
            iframe_code: iframe_code(site, &files.embed, &title),
            absolute: site.base_url.is_some(),
            documents: Vec::new(),
        };
        if let Some(ics) = ics {
            out.push(Output {
                path: files.ics.clone(),
                bytes: ics,
            });
        }
        out.push(Output {
            path: files.fragment.clone(),
            bytes: fragment::fragment_document(&title, &frag).into_bytes(),
        });
        let body_view = tera::Value::from_serializable(&body_view(district, body, &text));
        let lines = tera::Value::from_serializable(&lines);
        let mut ctx = base_context(input, &path, &body.name, district_crumbs(district));
        ctx.insert("district", &serde_json::json!({"full_name": district.full_name.clone().unwrap_or_else(|| district.name.clone())}));
        ctx.insert_value("body", body_view.clone());
        ctx.insert_value("items", lines.clone());
        // The list is the same on the page and the embed page: rendered once.
        let items_html = input.templates.render_bytes("body-items.html", &ctx)?;
        ctx.insert("data_files", &data_files);
        ctx.insert("data_title", "Данные исполнителя");
        ctx.insert("school", &school);
        let part = items_html.as_slice();
        render_page_with(input, out, path, "body.html", &mut ctx, "items_html", part)?;

        let embed_path = files.embed;
        let mut ctx = base_context(input, &embed_path, &title, Vec::new());
        ctx.insert_value("body", body_view);
        ctx.insert_value("items", lines);
        ctx.insert("plan", &serde_json::Value::Null);
        let part = items_html.as_slice();
        render_embed(input, out, embed_path, ctx, updated, "items_html", part)?;
    }
    Ok(())
}

fn body_view(
    district: &District,
    body: &crate::model::Body,
    text: &TextRenderer,
) -> serde_json::Value {
    let parent =
        body.parent.as_ref().and_then(|p| district.body(p)).map(
            |p| serde_json::json!({"name": p.name, "href": paths::body_page(district, &p.id)}),
        );
    let children: Vec<_> = district
        .bodies
        .iter()
        .filter(|b| b.parent.as_ref() == Some(&body.id))
        .map(|b| serde_json::json!({"name": b.name, "href": paths::body_page(district, &b.id)}))
        .collect();
    serde_json::json!({
        "name": body.name,
        "full_name": body.full_name.as_deref().map(|f| text.plain(f)),
        "url": body.url,
        "parent": parent,
        "children": children,
    })
}

#[derive(Serialize, Clone)]
struct NowItem {
    href: String,
    number: Option<String>,
    text: String,
    period: String,
}

/// Plan summary for lists: what is under way now and what comes next.
/// A plan in a list; «now / next» only when `now_next` (they cost a walk
/// over every item).
fn plan_summary(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    text: &TextRenderer,
    now_next: bool,
) -> serde_json::Value {
    let count: usize = plan
        .tables()
        .flat_map(|t| t.all_items())
        .filter(|i| i.is_leaf())
        .count();
    let mut summary = serde_json::json!({
        "title": text.unlinked(&plan.title.source),
        "href": paths::plan_page(district, plan),
        "period": plan.period_text.as_deref().map(|p| text.plain(p)),
        "items": count,
        "items_word": items_word(count),
        "updated": DateView::new(plan.updated),
        "compact": !now_next,
    });
    if !now_next {
        return summary;
    }
    let today = input.today;
    let items = items_of(district, plan);
    let dated: Vec<&ItemRef> = items
        .iter()
        .filter(|r| r.item.is_leaf())
        .filter(|r| {
            r.item
                .period
                .as_ref()
                .is_some_and(|p| !matches!(p.kind, PeriodKind::WholePlan | PeriodKind::Unknown))
        })
        .collect();
    let line = |r: &&ItemRef| NowItem {
        href: r.href(),
        number: r.item.number.clone(),
        text: text.plain_unlinked(&truncate(&item_plain(r.item), 140)),
        period: r
            .item
            .period
            .as_ref()
            .map(|p| text.plain(&p.text))
            .unwrap_or_default(),
    };
    let mut now: Vec<&ItemRef> = dated
        .iter()
        .copied()
        .filter(|r| {
            r.item.period.as_ref().is_some_and(|p| {
                p.intervals
                    .iter()
                    .any(|i| i.start <= today && today <= i.end)
            })
        })
        .collect();
    now.sort_by_key(|r| r.item.period.as_ref().and_then(|p| p.end()));
    let mut next: Vec<&ItemRef> = dated
        .iter()
        .copied()
        .filter(|r| {
            r.item
                .period
                .as_ref()
                .and_then(|p| p.start())
                .is_some_and(|s| s > today)
        })
        .collect();
    next.sort_by_key(|r| r.item.period.as_ref().and_then(|p| p.start()));
    // A plan without any date (a matrix) has not «finished»: it has no dates.
    let finished = plan.span_of_plan.map(|s| s.end < today).unwrap_or_else(|| {
        !dated.is_empty()
            && dated.iter().all(|r| {
                r.item
                    .period
                    .as_ref()
                    .and_then(|p| p.end())
                    .is_some_and(|e| e < today)
            })
    });
    summary["now"] = serde_json::json!(now.iter().take(5).map(line).collect::<Vec<_>>());
    summary["next"] = serde_json::json!(next.iter().take(3).map(line).collect::<Vec<_>>());
    summary["finished"] = finished.into();
    summary
}

fn district_name(d: &District) -> String {
    d.full_name.clone().unwrap_or_else(|| d.name.clone())
}

fn render_district(
    input: &RenderInput,
    district: &District,
    abbr: &Abbreviations,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let path = paths::district_page(district);
    let text = TextRenderer::new(abbr, paths::GLOSSARY.into(), input.site.allow_html);
    let items: Vec<ItemRef> = district
        .plans
        .iter()
        .flat_map(|p| items_of(district, p))
        .collect();
    let plans: Vec<_> = district
        .plans
        .iter()
        .map(|p| plan_summary(input, district, p, &text, true))
        .collect();
    let bodies: Vec<_> = district
        .bodies
        .iter()
        .map(|b| {
            let n = body_items(&items, &b.id).len();
            serde_json::json!({"name": b.name, "full_name": b.full_name.as_deref().map(|f| text.plain(f)), "href": paths::body_page(district, &b.id), "items": n, "items_word": items_word(n)})
        })
        .collect();
    let mut ctx = base_context(input, &path, &district_name(district), vec![home_crumb()]);
    ctx.insert(
        "district",
        &serde_json::json!({
            "full_name": district_name(district),
            "name": district.name,
            "kind": capitalise(district.kind.label()),
            "region": district.region,
            "organisation": district.organisation.as_ref().map(|o| o.name.clone()),
            "organisation_url": district.organisation.as_ref().and_then(|o| o.url.clone()),
            "plans": plans,
            "bodies": bodies,
            "glossary_href": paths::district_glossary(district),
            "calendar_href": paths::district_calendar(district),
        }),
    );
    render_page(input, out, path, "district.html", &ctx)
}

fn render_home(input: &RenderInput, out: &mut Vec<Output>) -> Result<(), Diagnostic> {
    let site = input.site;
    let small = is_small_site(site);
    let plans_listed = !regions::lists_districts(site);
    let region_pages = regions::has_region_pages(site);
    let regions_view: Vec<_> = regions::regions(site)
        .into_iter()
        .map(|region| {
            let districts: Vec<_> = region
                .districts
                .iter()
                .map(|d| home_district(input, d, plans_listed, small))
                .collect();
            serde_json::json!({
                "name": region.name,
                "calendar_href": region_pages.then(|| region.calendar_path()),
                "districts": districts,
            })
        })
        .collect();
    let mut ctx = base_context(input, "index.html", &site.title, Vec::new());
    let empty = Abbreviations::default();
    let empty_text = TextRenderer::new(&empty, String::new(), site.allow_html);
    ctx.insert(
        "site_description",
        &site
            .description
            .as_ref()
            .map(|d| empty_text.block(&d.source)),
    );
    ctx.insert("regions", &regions_view);
    ctx.insert("plans_listed", &plans_listed);
    ctx.insert(
        "site_json",
        &serde_json::json!({"href": paths::SITE_JSON, "size": human_size(input.site_json.len())}),
    );
    render_page(input, out, "index.html".into(), "index.html", &ctx)
}

/// A district on the home page: with its plans, or (`plans_listed` off,
/// on a large site) with how many it has.
fn home_district(
    input: &RenderInput,
    d: &District,
    plans_listed: bool,
    now_next: bool,
) -> serde_json::Value {
    let n = d.plans.len();
    let mut view = serde_json::json!({
        "slug": d.slug,
        "name": d.name,
        "full_name": district_name(d),
        "href": paths::district_page(d),
        "plan_count": format!("{n} {}", crate::typography::plural(n, "план", "плана", "планов")),
    });
    if plans_listed {
        // One district's abbreviations at a time: all of them at once were
        // a tenth of a 10,000-plan build's memory.
        let abbreviations = Abbreviations::new(&d.glossary);
        let text = TextRenderer::new(
            &abbreviations,
            paths::district_glossary(d),
            input.site.allow_html,
        );
        let plans: Vec<_> = d
            .plans
            .iter()
            .map(|p| plan_summary(input, d, p, &text, now_next))
            .collect();
        view["plans"] = serde_json::Value::Array(plans);
    }
    view
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

    #[test]
    fn sizes_read_like_a_person_writes_them() {
        assert_eq!(human_size(812), "812 байт");
        assert_eq!(human_size(12_600), "12,3 КБ");
    }
}
