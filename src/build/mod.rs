//! `vekha build`: load and check the sources, render the site, and write it
//! atomically. The new site is written into a staging folder beside the
//! output and swapped in only when everything succeeded, so a failed build
//! never damages the previous site. A lock file beside the output keeps a
//! second build out of the same folder, and a build interrupted between
//! the two renames of the swap is put right by the next one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::time::Instant;

use chrono::NaiveDate;

use crate::diagnostics::{has_errors, Diagnostic, Severity, SourceMap};
use crate::model::{Publisher, Site};
use crate::render::{render_site, RenderInput};
use crate::render::{Output, Sink, Templates};
use crate::theme::Theme;

mod output;

use output::{check_output_folder, recover_interrupted_swap, OutputLock, Staging};
pub use output::{io_error, open_lock_file, Changes, Writer, MARKER};

/// What a build was asked to do.
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// «Today» for «now / next» and the timeline; overrides site.yaml.
    pub today: Option<NaiveDate>,
    /// Called after each plan with (plans done, plans in all).
    pub progress: Option<Box<dyn Fn(usize, usize) + Send + Sync>>,
    /// Whether to make the PDF and DOCX of each plan.
    pub documents: bool,
}

/// What a finished build reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub plans: usize,
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
}

/// The result of a build: diagnostics to print (with the sources they point
/// into) and, on success, the summary.
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub summary: Option<BuildSummary>,
    /// What a successful build changed against the previous one.
    pub changes: Option<Changes>,
}

/// Builds the site. Errors in the sources stop the build before anything is
/// written; files go into a staging folder beside the output (unchanged ones
/// hard-linked from the previous build), which replaces the output only when
/// everything succeeded.
pub fn build(options: &BuildOptions, today_default: NaiveDate) -> BuildReport {
    let failed = |d: Diagnostic| BuildReport {
        diagnostics: vec![d],
        sources: SourceMap::default(),
        summary: None,
        changes: None,
    };
    if let Err(d) = check_output_folder(&options.root, &options.out) {
        return failed(d);
    }
    // Held until the build is over: dropped with this frame.
    let _lock = match OutputLock::take(&options.out) {
        Ok(lock) => lock,
        Err(d) => return failed(d),
    };
    let recovered = match recover_interrupted_swap(&options.out) {
        Ok(note) => note,
        Err(d) => return failed(d),
    };
    let started = Instant::now();
    let (site, mut report) = match load_checked(options) {
        Ok(loaded) => loaded,
        Err(mut report) => {
            report.diagnostics.extend(recovered);
            return report;
        }
    };
    report.diagnostics.extend(recovered);
    crate::timing::phase("load+check", started);
    let staging = match Staging::begin(&options.out) {
        Ok(s) => s,
        Err(d) => {
            report.diagnostics.push(d);
            return report;
        }
    };
    let started = Instant::now();
    let mut report = render_into(options, &site, today_default, report, &staging.writer);
    crate::timing::phase("render+write", started);
    let started = Instant::now();
    let finished = match report.summary {
        Some(_) => {
            report.changes = Some(staging.writer.changes());
            staging.finish()
        }
        None => {
            staging.abandon();
            Ok(())
        }
    };
    crate::timing::phase("swap", started);
    if let Err(d) = finished {
        report.summary = None;
        report.changes = None;
        report.diagnostics.push(d);
    }
    // Freeing the model is single-threaded and shows on large sites.
    let started = Instant::now();
    drop(site);
    crate::timing::phase("drop", started);
    report
}

/// Loads and checks the sources: the site, or the report when there is an
/// error (nothing may be rendered then).
pub fn load_checked(options: &BuildOptions) -> Result<(Site, BuildReport), BuildReport> {
    let loaded = crate::load::load_and_check(&options.root);
    let report = BuildReport {
        diagnostics: loaded.diagnostics,
        sources: loaded.sources,
        summary: None,
        changes: None,
    };
    if has_errors(&report.diagnostics) {
        return Err(report);
    }
    Ok((loaded.site, report))
}

/// Renders every file into `sink` and fills in the summary.
fn render_into(
    options: &BuildOptions,
    site: &Site,
    today_default: NaiveDate,
    mut report: BuildReport,
    sink: &dyn Sink,
) -> BuildReport {
    let counted = Counted {
        inner: sink,
        files: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
        bytes: AtomicUsize::new(0),
    };
    match render_outputs(options, site, today_default, &counted) {
        Ok(()) => {
            let plans: Vec<_> = site.plans().collect();
            report.summary = Some(BuildSummary {
                plans: plans.len(),
                items: plans
                    .iter()
                    .flat_map(|p| p.tables())
                    .map(|t| t.all_items().len())
                    .sum(),
                pages: counted.pages.into_inner(),
                files: counted.files.into_inner(),
                bytes: counted.bytes.into_inner(),
            });
        }
        Err(d) => report.diagnostics.push(d),
    }
    report
}

/// Counts what passes into a sink, for the summary line.
struct Counted<'a> {
    inner: &'a dyn Sink,
    files: AtomicUsize,
    pages: AtomicUsize,
    bytes: AtomicUsize,
}

impl Counted<'_> {
    fn count(&self, path: &str, size: usize) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(size, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Sink for Counted<'_> {
    fn reuse(&self, slug: &str, key: u64) -> Option<Vec<(String, u64)>> {
        let taken = self.inner.reuse(slug, key)?;
        for (path, size) in &taken {
            self.count(path, usize::try_from(*size).unwrap_or(usize::MAX));
        }
        Some(taken)
    }

    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        self.count(&output.path, output.bytes.len());
        self.inner.put(output)
    }
}

/// The theme, templates, «today» and the site JSON: what every page of a
/// render needs, computed once.
pub struct Prepared {
    pub theme: Theme,
    pub templates: Templates,
    pub today: NaiveDate,
    pub site_json: String,
    pub publisher: crate::render::PublisherView,
    /// See `RenderInput::site_key`.
    pub site_key: u64,
}

impl Prepared {
    pub fn new(
        options: &BuildOptions,
        site: &Site,
        today_default: NaiveDate,
    ) -> Result<Prepared, Diagnostic> {
        let theme = Theme::load(site.theme.as_ref().map(|t| options.root.join(t)).as_deref())?;
        let templates = Templates::new(&theme)?;
        let today = options.today.or(site.today).unwrap_or(today_default);
        let site_key = site_key(site, &theme, today, options.documents);
        Ok(Prepared {
            theme,
            templates,
            today,
            site_json: crate::export::json::site_json(site),
            publisher: crate::render::PublisherView::new(site),
            site_key,
        })
    }

    pub fn input<'a>(&'a self, options: &'a BuildOptions, site: &'a Site) -> RenderInput<'a> {
        RenderInput {
            site,
            templates: &self.templates,
            statics: &self.theme.statics,
            today: self.today,
            site_json: &self.site_json,
            progress: options.progress.as_deref(),
            documents: options.documents,
            publisher: &self.publisher,
            site_key: self.site_key,
        }
    }
}

/// A hash of everything besides its own folder that a district's files are
/// made from (see `render::district_key`). `Site` is taken apart
/// field by field, so a new setting of site.yaml cannot be forgotten here
/// (a rebuild would keep pages made with the old value).
fn site_key(site: &Site, theme: &Theme, today: NaiveDate, documents: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // A developer's build may render differently under the same version
    // number: there the program's size and time count too. (Not in release
    // builds: their marker file stays the same bytes on every machine.)
    if cfg!(debug_assertions) {
        let program = std::env::current_exe().and_then(std::fs::metadata);
        program
            .map(|m| (m.len(), m.modified().ok()))
            .ok()
            .hash(&mut h);
    }
    // Every field of site.yaml, named: a new one does not compile until it
    // is hashed here or said not to show on district pages.
    let Site {
        title,
        description,
        base_url,
        theme: theme_folder,
        allow_html,
        // «today» comes in as `today`, resolved from this and the clock.
        today: _,
        publisher,
        // Each district's own folder is in its own key.
        districts: _,
    } = site;
    (title, description.as_ref().map(|d| &d.source)).hash(&mut h);
    (base_url, theme_folder, allow_html).hash(&mut h);
    let Publisher {
        organisation,
        logo,
        favicon,
        contacts,
        // Only on the site's «О сайте» page, rendered every time.
        about: _,
    } = publisher;
    (organisation, logo, favicon).hash(&mut h);
    contacts.as_ref().map(|c| &c.source).hash(&mut h);
    (today, documents).hash(&mut h);
    (&theme.templates, &theme.statics).hash(&mut h);
    h.finish()
}

/// Typst lays out deep trees recursively: worker threads get a larger
/// stack than rayon's default, or a long plan overflows it.
pub fn thread_pool() -> Result<rayon::ThreadPool, Diagnostic> {
    rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build()
        .map_err(|_| {
            Diagnostic::for_path(
                Severity::Error,
                Path::new("."),
                "не удалось запустить потоки сборки",
            )
            .with_help("системе не хватило ресурсов: закройте другие программы и запустите команду ещё раз")
        })
}

fn render_outputs(
    options: &BuildOptions,
    site: &Site,
    today_default: NaiveDate,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let started = Instant::now();
    let prepared = Prepared::new(options, site, today_default)?;
    crate::timing::phase("theme+site json", started);
    let input = prepared.input(options, site);
    thread_pool()?.install(|| render_site(&input, sink))?;
    sink.put(marker(site, prepared.site_key))
}

/// The marker file of a built site (see [`MARKER`]), with the key of each
/// district so that the next build can take unchanged ones as they are.
pub fn marker(site: &Site, site_key: u64) -> Output {
    let mut text = String::from(
        "This folder was built by Vekha and is replaced whole by the next build.\n# district keys\n",
    );
    for d in &site.districts {
        let key = crate::render::district_key(site_key, d);
        text.push_str(&format!("{} {key:016x}\n", d.slug));
    }
    Output {
        path: MARKER.into(),
        bytes: text.into_bytes(),
    }
}

/// The Russian summary line of a build.
pub fn summary_line(s: &BuildSummary, out: &Path, started: Instant) -> String {
    let secs = format!("{:.2}", started.elapsed().as_secs_f64()).replace('.', ",");
    format!(
        "Сайт собран: планов {}, строк {}, страниц {}, файлов {} ({}) за {secs} с → {}",
        s.plans,
        s.items,
        s.pages,
        s.files,
        crate::typography::human_size(s.bytes),
        out.display()
    )
}
