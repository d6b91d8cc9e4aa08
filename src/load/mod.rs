//! Loading `content/` into the model.
//!
//! The walk is sorted, so the same folder always loads in the same order and
//! builds the same bytes. Every problem becomes a diagnostic; the loader goes
//! on past bad files so that one run reports everything it can.

pub(crate) mod bodies;
mod context;
pub(crate) mod district;
mod links;
mod names;
mod plan;
mod publisher;
mod raw;
pub(crate) mod table;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, FileId, Severity, SourceMap, Span};
use crate::model::{Block, District, GlossaryBlockEntry, Publisher, Site};
use crate::source::read_source;
use crate::yaml;
use links::Link;
use names::{file_names, found_as, intended_name, is_clutter, misnamed, same_file_name};

/// Files a plan may link to (signature, scan, attachments); kept, not read.
const ATTACHMENTS: &[&str] = &[
    "pdf", "sig", "p7s", "docx", "doc", "odt", "xlsx", "xls", "ods", "png", "jpg", "jpeg", "svg",
];

/// Everything a load produced: the site (if its file could be read), the
/// texts of all files for diagnostics, and the diagnostics.
pub struct Loaded {
    /// The site; when site.yaml is broken (reported) its title is empty and
    /// the districts are still loaded, so one run reports everything.
    pub site: Site,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Nothing loaded yet; files read go to `group` of the source map.
    fn empty(group: u32) -> Loaded {
        Loaded {
            site: Site {
                title: String::new(),
                description: None,
                base_url: None,
                theme: None,
                allow_html: false,
                today: None,
                publisher: Publisher::default(),
                districts: Vec::new(),
            },
            sources: SourceMap::for_group(group),
            diagnostics: Vec::new(),
        }
    }
}

/// One district folder loaded alone (see [`load_district`]).
pub struct DistrictLoad {
    pub district: Option<District>,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads `root/content`. District folders are independent: they load in
/// parallel, each into its own group of the source map, and are put back
/// in folder order so messages and output never depend on thread timing.
pub fn load(root: &Path) -> Loaded {
    load_impl(root, false)
}

/// Loads `root/content` and runs the model checks of each district as soon
/// as it is loaded, then forgets the source texts no message points into:
/// a 10,000-plan site then never holds all its texts and all its model at
/// once. Messages of a district follow its loading messages.
pub fn load_and_check(root: &Path) -> Loaded {
    load_impl(root, true)
}

fn load_impl(root: &Path, check: bool) -> Loaded {
    let mut out = Loaded::empty(0);
    let content = root.join("content");
    if !content.is_dir() {
        out.diagnostics.push(
            Diagnostic::for_path(Severity::Error, &content, "нет папки content/")
                .with_help("запустите команду в корне сайта — в папке, где лежит content/ (или создайте сайт командой vekha init)"),
        );
        return out;
    }
    let top_names = file_names(&content);
    let site_path = found_as(
        root,
        &content,
        &top_names,
        "site.yaml",
        &mut out.diagnostics,
    );
    let site = load_site_file(root, &site_path, &mut out);
    let entries = sorted_entries(&content);
    let kinds: Vec<Entry> = entries
        .iter()
        .map(|e| entry_kind(root, e, &mut out.diagnostics))
        .collect();
    let loads: Vec<Option<DistrictLoad>> = entries
        .par_iter()
        .zip(kinds.par_iter())
        .enumerate()
        .map(|(k, (entry, kind))| {
            (*kind == Entry::Folder).then(|| {
                let load = load_district(root, entry.path(), district_group(k));
                if check {
                    checked_and_pruned(load)
                } else {
                    load
                }
            })
        })
        .collect();
    let mut districts = Vec::new();
    for ((entry, kind), load) in entries.iter().zip(kinds).zip(loads) {
        match load {
            Some(load) => {
                out.sources.absorb(load.sources);
                out.diagnostics.extend(load.diagnostics);
                districts.extend(load.district);
            }
            None if kind == Entry::File => {
                let name = entry.file_name().to_string_lossy();
                let shown = shown_path(root, entry.path());
                let published = site.as_ref().is_some_and(|s| s.publisher.names(&name));
                match intended_name(&name).filter(|r| r == "site.yaml") {
                    // The file read as site.yaml (warned about, if misnamed).
                    _ if same_file_name(&name, &site_path, &top_names) => {}
                    // The logo or icon site.yaml names.
                    _ if published => {}
                    _ if is_clutter(&name) => {}
                    Some(right) => out.diagnostics.push(misnamed(&shown, &name, &right, false)),
                    None => stray(
                        &mut out,
                        &shown,
                        "в content/ читаются только site.yaml и папки территорий",
                    ),
                }
            }
            None => {}
        }
    }
    crate::check::across_districts(&districts, &mut out.diagnostics);
    if let Some(site) = site {
        out.site = site;
    }
    out.site.districts = districts;
    out
}

/// Runs the district's checks, then forgets the source texts no message
/// cites (district.yaml stays: the site-wide slug check cites it).
fn checked_and_pruned(mut load: DistrictLoad) -> DistrictLoad {
    if let Some(d) = &load.district {
        let every_plan_read = !crate::diagnostics::has_errors(&load.diagnostics);
        let found = crate::check::check_district(d, &load.sources, every_plan_read);
        load.diagnostics.extend(found);
    }
    let cited = load
        .diagnostics
        .iter()
        .filter_map(|d| d.span.map(|s| s.file))
        .chain(load.district.as_ref().map(|d| d.span.file))
        .collect();
    load.sources.keep_only(&cited);
    load
}

/// The source-map group of the k-th entry of `content/` (0 is site.yaml).
fn district_group(k: usize) -> u32 {
    k as u32 + 1
}

/// Loads one district folder into source-map group `group`.
pub fn load_district(root: &Path, dir: &Path, group: u32) -> DistrictLoad {
    let mut acc = Loaded::empty(group);
    let district = load_district_folder(root, dir, &mut acc);
    DistrictLoad {
        district,
        sources: acc.sources,
        diagnostics: acc.diagnostics,
    }
}

/// What an entry of `content/` is to the loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Folder,
    File,
    /// A link that is not followed (reported).
    Skipped,
}

/// A folder (a territory) or a file; a link counts as what it points
/// at when it stays inside the site (see `links`).
fn entry_kind(root: &Path, entry: &walkdir::DirEntry, diags: &mut Vec<Diagnostic>) -> Entry {
    let is_dir = match links::classify(root, entry.path(), &shown_path(root, entry.path())) {
        Link::No => entry.file_type().is_dir(),
        Link::Inside => entry.path().is_dir(),
        Link::Skipped(d) => {
            diags.push(d);
            return Entry::Skipped;
        }
    };
    if is_dir {
        Entry::Folder
    } else {
        Entry::File
    }
}

/// Whether `path` may be read: not a link that leaves content/ (such a
/// link is reported into `diags`, as an error when the file is
/// `required`: the site or its territory cannot do without it).
fn readable(root: &Path, path: &Path, required: bool, diags: &mut Vec<Diagnostic>) -> bool {
    match links::classify(root, path, &shown_path(root, path)) {
        Link::No | Link::Inside => true,
        Link::Skipped(mut d) => {
            if required {
                d.severity = Severity::Error;
            }
            diags.push(d);
            false
        }
    }
}

fn sorted_entries(dir: &Path) -> Vec<walkdir::DirEntry> {
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != ".git")
        .collect()
}

/// The path as the user should see it: relative to the site root.
fn shown_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

fn stray(out: &mut Loaded, shown: &Path, why: &str) {
    out.diagnostics.push(
        Diagnostic::for_path(Severity::Note, shown, "файл не используется и пропущен")
            .with_help(why.to_string()),
    );
}

/// Reads a file into the source map; reports empty and unreadable files.
fn read_into(
    root: &Path,
    path: &Path,
    out: &mut Loaded,
    empty_severity: Severity,
) -> Option<(FileId, String)> {
    let shown = shown_path(root, path);
    match read_source(path) {
        Ok(text) if text.trim().is_empty() => {
            let what = if empty_severity == Severity::Error {
                "файл пуст"
            } else {
                "файл пуст и пропущен"
            };
            out.diagnostics.push(
                Diagnostic::for_path(empty_severity, &shown, what)
                    .with_help("заполните файл по образцу из docs/format.md или удалите его"),
            );
            None
        }
        Ok(text) => {
            let id = out.sources.add(shown, text.clone());
            Some((id, text))
        }
        Err(mut d) => {
            d.path = Some(shown);
            out.diagnostics.push(d);
            None
        }
    }
}

fn load_site_file(root: &Path, path: &Path, out: &mut Loaded) -> Option<Site> {
    if !readable(root, path, true, &mut out.diagnostics) {
        return None;
    }
    if !path.is_file() {
        out.diagnostics.push(
            Diagnostic::for_path(
                Severity::Error,
                &shown_path(root, path),
                "нет файла сайта content/site.yaml",
            )
            .with_help("создайте его с одной строкой: `title: Дорожные карты района`"),
        );
        return None;
    }
    let (file, text) = read_into(root, path, out, Severity::Error)?;
    match yaml::parse::<raw::RawSite>(file, 0, &text) {
        Ok(p) => {
            let mut ctx = context::Ctx {
                src: &text,
                loc: &p.locator,
                diags: &mut out.diagnostics,
            };
            let today = ctx.opt_text("", "today", &p.value.today).and_then(|t| {
                match crate::dates::parse_iso(&t) {
                    Ok(day) => Some(day),
                    Err(problem) => {
                        ctx.push(
                            Diagnostic::error(ctx.value_span("today"), problem)
                                .with_help("напишите, например, `today: 2023-06-15`, или уберите поле — тогда «сегодня» будет датой сборки"),
                        );
                        None
                    }
                }
            });
            let base_url = ctx.web_address("", "base_url", &p.value.base_url).map(|u| {
                if u.ends_with('/') {
                    u
                } else {
                    format!("{u}/")
                }
            });
            if p.value.base_url.is_none() {
                ctx.push(no_base_url(file));
            }
            Some(Site {
                title: ctx.text("title", &p.value.title),
                description: ctx.opt_md("", "description", &p.value.description),
                base_url,
                theme: ctx.opt_text("", "theme", &p.value.theme),
                allow_html: p.value.allow_html,
                today,
                publisher: publisher::publisher(path.parent().unwrap_or(root), &mut ctx, &p.value),
                districts: Vec::new(),
            })
        }
        Err(d) => {
            out.diagnostics.push(d);
            None
        }
    }
}

/// Without the site's address, school pages get no embed code, the 404
/// page no absolute links and the sitemap only relative addresses. A note,
/// not a warning: such a site is not wrong (it works from any folder and
/// from the disk), and `--strict` must not refuse it.
fn no_base_url(file: FileId) -> Diagnostic {
    Diagnostic::note(
        Span::new(file, 0, 0),
        "не указан адрес сайта (base_url): школы не получат готового кода для встраивания плана, а поисковики — полных адресов страниц",
    )
    .with_help("добавьте в site.yaml строку с адресом, по которому будет опубликована папка public/, например `base_url: https://imc.example.ru/plans/`")
}

fn load_district_folder(root: &Path, dir: &Path, out: &mut Loaded) -> Option<District> {
    let name = dir.file_name()?.to_string_lossy().to_string();
    let names_here = file_names(dir);
    let (district_path, file, text) = district_file(root, dir, &name, &names_here, out)?;
    let mut district = district::load_district(file, &text, &name, &mut out.diagnostics)?;
    // DefaultHasher::new has fixed keys: the same files, the same hash.
    let mut fingerprint = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut fingerprint);
    let folder = Folder {
        root,
        dir,
        district_path: &district_path,
        names_here: &names_here,
    };
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        folder.read_entry(&entry, &mut district, &mut fingerprint, out);
    }
    district.fingerprint = fingerprint.finish();
    merge_plan_glossaries(&mut district);
    merge_inline_definitions(&mut district, out);
    check_attachment_names(root, &district, &mut out.diagnostics);
    check_signature_files(&district, &mut out.diagnostics);
    check_unique_slugs(&district, &mut out.diagnostics);
    Some(district)
}

/// The district file of the folder `dir` (named `name`): its path and text.
fn district_file(
    root: &Path,
    dir: &Path,
    name: &str,
    names_here: &HashSet<String>,
    out: &mut Loaded,
) -> Option<(PathBuf, FileId, String)> {
    let diags = &mut out.diagnostics;
    let path = found_as(root, dir, names_here, "district.yaml", diags);
    if !readable(root, &path, true, diags) {
        return None;
    }
    if !path.is_file() {
        diags.push(
            Diagnostic::for_path(
                Severity::Error,
                &shown_path(root, dir),
                format!("в папке территории «{name}» нет файла district.yaml"),
            )
            .with_help("создайте district.yaml с полями name, kind и region (см. docs/format.md)"),
        );
        return None;
    }
    let (file, text) = read_into(root, &path, out, Severity::Error)?;
    Some((path, file, text))
}

/// A territory's folder while its files are read.
struct Folder<'a> {
    root: &'a Path,
    dir: &'a Path,
    district_path: &'a Path,
    /// The names of the files right in the folder.
    names_here: &'a HashSet<String>,
}

impl Folder<'_> {
    /// Reads a file of the folder into `district` (a plan or an
    /// attachment), or says why it is not read; what it read goes into
    /// the district's `fingerprint`.
    fn read_entry(
        &self,
        entry: &walkdir::DirEntry,
        district: &mut District,
        fingerprint: &mut impl Hasher,
        out: &mut Loaded,
    ) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let top = entry.depth() == 1;
        if entry.file_type().is_dir()
            || path == self.district_path
            || top && same_file_name(&name, self.district_path, self.names_here)
            || is_clutter(&name)
        {
            return;
        }
        let shown = shown_path(self.root, path);
        if entry.path_is_symlink() {
            if !readable(self.root, path, false, &mut out.diagnostics) {
                return;
            }
            if path.is_dir() {
                stray(out, &shown, "ссылки на папки внутри папки территории не читаются: положите файлы в саму папку");
                return;
            }
        }
        // A plan or district file under a Windows habit's name: a plan is
        // read unless the right name is taken too (it would be read twice).
        let intended = intended_name(&name).filter(|r| {
            top && !name.starts_with('.') && (r.ends_with(".md") || r == "district.yaml")
        });
        if let Some(right) = &intended {
            let read = right.ends_with(".md") && !self.names_here.contains(right);
            out.diagnostics.push(misnamed(&shown, &name, right, read));
            if !read {
                return;
            }
        }
        let right = Path::new(intended.as_deref().unwrap_or(&name));
        let ext = right
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if ext == "md" && top && !name.starts_with('.') {
            let slug = right
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            if let Some((file, text)) = read_into(self.root, path, out, Severity::Warning) {
                (&slug, &text).hash(fingerprint);
                let plan = plan::load_plan(file, &text, &slug, district, &mut out.diagnostics);
                district.plans.extend(plan);
            }
        } else if ext == "md" && entry.depth() > 1 {
            stray(
                out,
                &shown,
                "план должен лежать прямо в папке территории, рядом с district.yaml",
            );
        } else if ATTACHMENTS.contains(&ext.as_str())
            && !name.starts_with('.')
            && !name.starts_with("~$")
        {
            let a = attachment(self.dir, path, &ext);
            // Of the file itself, through a link: editing a linked file
            // must change the district's fingerprint.
            let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            (&a.name, a.size, modified).hash(fingerprint);
            district.attachments.push(a);
        } else {
            stray(out, &shown, "в папке территории читаются district.yaml, планы .md и вложения (pdf, sig, docx, изображения)");
        }
    }
}

/// Two attachments must not be published under one name (`Приказ.pdf`
/// and `prikaz.pdf` both become `files/prikaz.pdf`).
fn check_attachment_names(root: &Path, district: &District, diags: &mut Vec<Diagnostic>) {
    let mut first_of: std::collections::HashMap<&str, &crate::model::Attachment> =
        Default::default();
    for a in &district.attachments {
        if let Some(first) = first_of.get(a.published_name.as_str()) {
            diags.push(
                Diagnostic::for_path(
                    Severity::Error,
                    &shown_path(root, &a.source),
                    format!(
                        "вложение «{}» получит на сайте тот же адрес files/{}, что и «{}»",
                        a.name, a.published_name, first.name
                    ),
                )
                .with_help("переименуйте один из файлов: адрес на сайте — имя файла латиницей"),
            );
        } else {
            first_of.insert(a.published_name.as_str(), a);
        }
    }
}

/// An attachment with its published name: the path inside the district
/// folder transliterated, so `Приказ 36.pdf` is `prikaz-36.pdf` on the site.
fn attachment(dir: &Path, path: &Path, ext: &str) -> crate::model::Attachment {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let name = rel.to_string_lossy().replace('\\', "/");
    let stem = rel.with_extension("").to_string_lossy().replace('\\', "/");
    let slug = crate::slug::slugify(&stem);
    let slug = if slug.is_empty() {
        "fail".to_string()
    } else {
        slug
    };
    crate::model::Attachment {
        name,
        published_name: format!("{slug}.{ext}"),
        source: path.to_path_buf(),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// A plan's `signature_file` must be a file of its district folder.
fn check_signature_files(district: &District, diags: &mut Vec<Diagnostic>) {
    for plan in &district.plans {
        let (Some(name), Some(span)) = (&plan.signature_file, plan.signature_file_span) else {
            continue;
        };
        if district.attachment(name).is_none() {
            let names = district.attachments.iter().map(|a| a.name.as_str());
            let help = match crate::yaml::closest(name, names) {
                Some(c) => format!("возможно, имелось в виду «{c}»"),
                None => "положите файл подписи (.sig, .p7s) или скана (.pdf) в папку территории рядом с планом и укажите его имя".to_string(),
            };
            diags.push(
                Diagnostic::error(span, format!("файл «{name}» не найден в папке территории"))
                    .with_help(help),
            );
        }
    }
}

/// Terms from the plans' own «Используемые сокращения» join the district
/// glossary unless `district.yaml` already defines them.
fn merge_plan_glossaries(district: &mut District) {
    let mut extra = Vec::new();
    for plan in &district.plans {
        for block in &plan.blocks {
            let Block::Glossary(g) = block else { continue };
            for entry in &g.entries {
                if let GlossaryBlockEntry::Term(t) = entry {
                    let known = district
                        .glossary
                        .iter()
                        .chain(extra.iter())
                        .any(|e: &crate::model::GlossaryEntry| e.term == t.term);
                    if !known {
                        extra.push(t.clone());
                    }
                }
            }
        }
    }
    district.glossary.extend(extra);
}

/// Short names the plans define in their own text («… (далее – МО НСО)»)
/// join the district glossary unless it has them already, so they are
/// marked up and not reported as unexplained. Each says where its full form
/// was taken from (a note): the start of a full form is judged, not written.
fn merge_inline_definitions(district: &mut District, out: &mut Loaded) {
    let mut found: Vec<(crate::model::GlossaryEntry, Diagnostic)> = Vec::new();
    for plan in &district.plans {
        for (text, span) in crate::check::plan_texts(plan) {
            let definitions = crate::definitions::find(text);
            if definitions.is_empty() {
                continue;
            }
            let source = &out.sources.get(span.file).text;
            let placed = crate::diagnostics::Placed::new(source, span, text);
            for d in definitions {
                let known = district
                    .glossary
                    .iter()
                    .chain(found.iter().map(|(e, _)| e))
                    .any(|e| e.names().any(|n| n == d.term));
                if !known {
                    let at = placed.span(d.start, d.end);
                    found.push(definition_entry(d, at));
                }
            }
        }
    }
    for (entry, note) in found {
        district.glossary.push(entry);
        out.diagnostics.push(note);
    }
}

/// A definition found in a plan's text as a glossary entry, with the note
/// that shows the webmaster the full form taken.
fn definition_entry(
    d: crate::definitions::Definition,
    at: Span,
) -> (crate::model::GlossaryEntry, Diagnostic) {
    let full = crate::markdown::to_plain(&d.full);
    let message = if d.exact {
        format!(
            "сокращение «{}» определено в тексте плана; расшифровка: {full}",
            d.term
        )
    } else {
        format!(
            "сокращение «{}» определено в тексте плана, но где начинается расшифровка, не ясно; взято: {full}",
            d.term
        )
    };
    let note = Diagnostic::note(at, message)
        .with_label("будет расшифровано на сайте")
        .with_help(DEFINITION_HELP);
    let entry = crate::model::GlossaryEntry {
        term: d.term,
        full: crate::model::Markdown::new(full, at),
        aliases: Vec::new(),
        mark: None,
        separator: None,
        span: at,
    };
    (entry, note)
}

const DEFINITION_HELP: &str = "если расшифровка взята не с того слова, впишите сокращение в `glossary` файла district.yaml — запись там главнее";

fn check_unique_slugs(district: &District, diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for plan in &district.plans {
        if !seen.insert(plan.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    Span::new(plan.span.file, 0, 3),
                    format!(
                        "адрес плана «{}» уже занят другим планом этой территории",
                        plan.slug
                    ),
                )
                .with_help("задайте плану другой `slug` или переименуйте файл"),
            );
        }
    }
}
