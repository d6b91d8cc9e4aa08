//! `vekha serve`: the site served on 127.0.0.1, rebuilt when a source or
//! theme file changes, with pages reloading themselves.
//!
//! The pipeline is the build's; what differs is where files go and how
//! little is redone. The rendered site lives on disk in `.vekha-serve/`
//! (`folder.rs`: memory would not hold a regional site), requests are
//! answered from it (`http.rs`), and edits are noticed through file events
//! (`watch.rs`).
//!
//! Rebuilds are incremental: the loaded site, its sources and the compiled
//! theme are kept, and an edit inside one district folder reloads, checks
//! and renders only that district, then the site-wide pages (home, glossary,
//! calendar, site JSON, sitemap); their files replace the old ones in the
//! served folder. Everything else (site.yaml, the theme, a district folder
//! added or removed) renders the whole site into a new folder, hard-linking
//! the files of unchanged districts from the served one, and switches to it.
//! A broken edit stops before anything is written: the last good site keeps
//! being served and the error shows over the page.

mod folder;
mod http;
mod watch;

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{io_error, load_checked, marker, thread_pool, BuildOptions, Prepared, Writer};
use crate::diagnostics::{
    has_errors, render as render_diagnostic, Diagnostic, Severity, SourceMap,
};
use crate::export::json::SiteIndex;
use crate::model::Site;
use crate::render::{render_district_files, render_site, render_site_pages};
use crate::render::{Output, Sink};
use crate::timing;
use folder::Folder;

/// What is being served: the folder of the last good build, its files and
/// its number; the error of the last failed build, if it failed.
#[derive(Default)]
pub struct Served {
    /// `None` until a build has succeeded.
    dir: Option<PathBuf>,
    /// Site paths of the files in `dir`: the only ones a request may read.
    files: HashSet<String>,
    version: u64,
    error: Option<String>,
    /// Districts the last rebuild rendered again; empty for the whole site.
    rebuilt: Vec<String>,
}

/// The answer to the served pages' `__vekha/status` poll (`http::RELOAD`).
#[derive(serde::Serialize)]
pub(crate) struct Status<'a> {
    version: u64,
    error: Option<&'a str>,
    rebuilt: &'a [String],
}

impl Served {
    pub(crate) fn status(&self) -> Status<'_> {
        Status {
            version: self.version,
            error: self.error.as_deref(),
            rebuilt: &self.rebuilt,
        }
    }
}

/// What a serve session keeps between rebuilds.
struct Cache {
    site: Site,
    sources: SourceMap,
    prepared: Prepared,
    /// The folder of each district of `site.districts`, same order.
    folders: Vec<PathBuf>,
    /// The site JSON by district, so an edit serialises only its own.
    index: SiteIndex,
}

/// A serve session: the options it renders with and the cache of the last
/// good build.
pub struct Session {
    options: BuildOptions,
    today: chrono::NaiveDate,
    cache: Option<Cache>,
    pool: Option<rayon::ThreadPool>,
    folder: Folder,
}

impl Session {
    pub fn new(root: &Path) -> Result<Session, String> {
        Ok(Session {
            options: BuildOptions {
                root: root.to_path_buf(),
                out: root.join("public"),
                today: None,
                progress: None,
                documents: false,
            },
            today: chrono::Local::now().date_naive(),
            cache: None,
            pool: thread_pool().ok(),
            folder: Folder::take(root)?,
        })
    }

    /// Rebuilds after `changed` files changed (all files when `None`):
    /// only the districts they lie in when possible. Returns whether the
    /// served site was replaced. After any failure the cache is dropped, so
    /// the next change rebuilds everything and reports whatever is still
    /// broken: an error is never cleared by a later edit elsewhere.
    pub fn rebuild(
        &mut self,
        changed: Option<&BTreeSet<PathBuf>>,
        served: &RwLock<Served>,
    ) -> bool {
        // «Now / next» and the current month follow the calendar.
        let today = chrono::Local::now().date_naive();
        if today != self.today {
            self.today = today;
            self.cache = None;
        }
        let touched = changed.and_then(|c| self.districts_of(c));
        let partial = match (touched, self.cache.take()) {
            (Some(touched), Some(cache)) => Some(self.update(cache, &touched)),
            _ => None,
        };
        let committed = match partial {
            Some(Ok((cache, change))) => match self.commit(&cache, change, served) {
                Ok(()) => Ok(cache),
                // Files could not be put in (a full disk?): render
                // everything into a new folder, or report why that fails
                // too, saying whether the served folder is half new.
                Err(partial) => self.full_and_commit(served).map_err(|mut failure| {
                    failure.half_new |= partial.half_new;
                    failure
                }),
            },
            Some(Err(failure)) => Err(failure),
            None => self.full_and_commit(served),
        };
        match committed {
            Ok(cache) => {
                self.cache = Some(cache);
                true
            }
            Err(failure) => {
                failure.report(served);
                false
            }
        }
    }

    /// The site's own theme folder, as the last good build read it.
    pub fn theme_folder(&self) -> Option<PathBuf> {
        let cache = self.cache.as_ref()?;
        cache.site.theme.as_ref().map(|t| self.options.root.join(t))
    }

    /// Indexes of the districts whose folders hold every changed file, or
    /// `None` when a change needs a full rebuild.
    fn districts_of(&self, changed: &BTreeSet<PathBuf>) -> Option<BTreeSet<usize>> {
        let cache = self.cache.as_ref()?;
        let mut touched = BTreeSet::new();
        for path in changed {
            let i = cache.folders.iter().position(|f| path.starts_with(f))?;
            touched.insert(i);
        }
        Some(touched)
    }

    fn install<R: Send>(&self, job: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(job),
            None => job(),
        }
    }

    fn full_and_commit(&mut self, served: &RwLock<Served>) -> Result<Cache, Failure> {
        let (cache, change) = self.full(served)?;
        self.commit(&cache, change, served)?;
        Ok(cache)
    }

    /// Loads, checks and renders the whole site into a new folder.
    fn full(&mut self, served: &RwLock<Served>) -> Result<(Cache, Change), Failure> {
        let (site, report) =
            load_checked(&self.options).map_err(|r| Failure::new(r.diagnostics, r.sources))?;
        let sources = report.sources;
        let prepared = Prepared::new(&self.options, &site, self.today)
            .map_err(|d| Failure::one(d, &sources))?;
        let previous = served.read().ok().and_then(|s| s.dir.clone());
        let dir = self.folder.generation();
        let paths = self
            .write_site(&dir, previous.as_deref(), &site, &prepared)
            .map_err(|d| {
                folder::remove_later(dir.clone());
                Failure::one(d, &sources)
            })?;
        let folders = site
            .districts
            .iter()
            .map(|d| district_folder(&self.options.root, &sources, d))
            .collect();
        let index = SiteIndex::new(&site);
        let cache = Cache {
            site,
            sources,
            prepared,
            folders,
            index,
        };
        Ok((cache, Change::Everything { dir, paths }))
    }

    /// Renders the site into `dir` as `build` does (with its marker file,
    /// so that the next full rebuild links unchanged districts from it);
    /// returns the paths written.
    fn write_site(
        &self,
        dir: &Path,
        previous: Option<&Path>,
        site: &Site,
        prepared: &Prepared,
    ) -> Result<Vec<String>, Diagnostic> {
        let writer = Writer::new(dir, previous)?;
        let listed = Listed {
            inner: &writer,
            paths: Mutex::default(),
        };
        let input = prepared.input(&self.options, site);
        self.install(|| render_site(&input, &listed))?;
        listed.put(marker(site, prepared.site_key))?;
        Ok(listed.paths.into_inner().unwrap_or_default())
    }

    /// Reloads, checks and renders the `touched` districts, then the
    /// site-wide pages; the rest of the served site stays as it is.
    fn update(
        &self,
        mut cache: Cache,
        touched: &BTreeSet<usize>,
    ) -> Result<(Cache, Change), Failure> {
        let started = Instant::now();
        let old_slugs: Vec<String> = touched
            .iter()
            .map(|&i| cache.site.districts[i].slug.clone())
            .collect();
        let regions_before = RegionPages::of(&cache.site, touched);
        self.reload(&mut cache, touched)?;
        let regions_after = RegionPages::of(&cache.site, touched);
        timing::phase("load+check", started);
        let started = Instant::now();
        for &i in touched {
            cache.index.update(&cache.site, i);
        }
        let (site_json, files) = self.render_touched(&cache, touched);
        let files = files.map_err(|d| Failure::one(d, &cache.sources))?;
        cache.prepared.site_json = site_json;
        timing::phase("site json + district files", started);
        let mut prefixes: Vec<String> = old_slugs.into_iter().map(|s| format!("{s}/")).collect();
        prefixes.extend(
            touched
                .iter()
                .map(|&i| format!("{}/", cache.site.districts[i].slug)),
        );
        let region_calendars = regions_before.then(regions_after);
        if region_calendars.is_none() {
            prefixes.push(format!("{}/", crate::paths::REGIONS));
        }
        let change = Change::Districts {
            drop_prefixes: prefixes,
            region_calendars,
            files,
            rebuilt: touched
                .iter()
                .map(|&i| cache.site.districts[i].slug.clone())
                .collect(),
        };
        Ok((cache, change))
    }

    /// Loads and checks the touched districts into the cache; any error
    /// fails the update (the cache is then dropped by `rebuild`).
    fn reload(&self, cache: &mut Cache, touched: &BTreeSet<usize>) -> Result<(), Failure> {
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        for &i in touched {
            let group = cache.site.districts[i].span.file.group;
            let load = crate::load::load_district(&self.options.root, &cache.folders[i], group);
            cache.sources.absorb(load.sources);
            let every_plan_read = !has_errors(&load.diagnostics);
            diagnostics.extend(load.diagnostics);
            match load.district {
                Some(d) => {
                    diagnostics.extend(crate::check::check_district(
                        &d,
                        &cache.sources,
                        every_plan_read,
                    ));
                    cache.site.districts[i] = d;
                }
                // Unreadable or missing district.yaml: its messages say why.
                None if has_errors(&diagnostics) => {}
                None => diagnostics.push(
                    Diagnostic::for_path(
                        Severity::Error,
                        &cache.folders[i],
                        "не удалось загрузить территорию из этой папки",
                    )
                    .with_help(
                        "проверьте файл district.yaml в этой папке: образец — в docs/format.md",
                    ),
                ),
            }
        }
        crate::check::across_districts(&cache.site.districts, &mut diagnostics);
        if has_errors(&diagnostics) {
            return Err(Failure::new(
                diagnostics,
                std::mem::take(&mut cache.sources),
            ));
        }
        Ok(())
    }

    /// The site JSON and the touched districts' files, side by side (they
    /// are independent).
    fn render_touched(
        &self,
        cache: &Cache,
        touched: &BTreeSet<usize>,
    ) -> (String, Result<Vec<Output>, Diagnostic>) {
        let (site, prepared, options) = (&cache.site, &cache.prepared, &self.options);
        self.install(|| {
            rayon::join(
                || cache.index.json(site),
                || {
                    let input = prepared.input(options, site);
                    let mut files = Vec::new();
                    for &i in touched {
                        files.extend(render_district_files(&input, &site.districts[i], &|| {})?);
                    }
                    Ok(files)
                },
            )
        })
    }

    /// Applies a change to what is served. A full rebuild is already on
    /// disk: the served folder switches to it. After a partial rebuild the
    /// site pages are rendered against the new list of pages, then every
    /// new file replaces its old one in the served folder.
    fn commit(
        &self,
        cache: &Cache,
        change: Change,
        served: &RwLock<Served>,
    ) -> Result<(), Failure> {
        let fail = |d| Failure::one(d, &cache.sources);
        match change {
            Change::Everything { dir, paths } => {
                if let Some(old) = switch(served, dir, paths) {
                    folder::remove_later(old);
                }
                Ok(())
            }
            Change::Districts {
                drop_prefixes,
                region_calendars,
                mut files,
                rebuilt,
            } => {
                let pages = pages_after(served, &drop_prefixes, &files);
                let started = Instant::now();
                let input = cache.prepared.input(&self.options, &cache.site);
                let site_pages = self
                    .install(|| render_site_pages(&input, &pages, region_calendars.as_ref()))
                    .map_err(fail)?;
                timing::phase("site pages", started);
                files.extend(site_pages);
                files.push(Output {
                    path: crate::paths::SITE_JSON.to_string(),
                    bytes: cache.prepared.site_json.as_bytes().to_vec(),
                });
                let marker = marker(&cache.site, cache.prepared.site_key);
                let started = Instant::now();
                let replaced = replace_files(served, &drop_prefixes, files, marker, rebuilt);
                timing::phase("files replaced", started);
                replaced.map_err(|(d, half_new)| Failure {
                    half_new,
                    ..fail(d)
                })
            }
        }
    }
}

/// What a successful rebuild changes in the served files.
enum Change {
    /// A full rebuild, written into a folder of its own: the folder and
    /// the paths of its files.
    Everything { dir: PathBuf, paths: Vec<String> },
    /// A partial rebuild, its files in memory until committed.
    Districts {
        /// Files under these folders that the rebuild did not make again
        /// are dropped (the touched districts, under their old and new
        /// addresses).
        drop_prefixes: Vec<String>,
        /// The regions whose calendars to render again, `None` for all.
        region_calendars: Option<BTreeSet<String>>,
        files: Vec<Output>,
        /// Districts rendered again, for the status answer.
        rebuilt: Vec<String>,
    },
}

/// What decides which region pages an edit renders again: whether the
/// site has them, all region names (they make the addresses), and the
/// regions of the touched districts.
struct RegionPages {
    shown: bool,
    names: BTreeSet<String>,
    touched: BTreeSet<String>,
}

impl RegionPages {
    fn of(site: &Site, touched: &BTreeSet<usize>) -> RegionPages {
        let names = crate::render::regions::region_names(site);
        RegionPages {
            shown: crate::render::regions::has_region_pages(site),
            names: names.into_iter().map(str::to_string).collect(),
            touched: touched
                .iter()
                .map(|&i| site.districts[i].region.clone())
                .collect(),
        }
    }

    /// The regions to render after an edit that turned `self` into
    /// `after`: those of the touched districts before and after, or all
    /// (`None`) when the set of regions or pages changed.
    fn then(self, after: RegionPages) -> Option<BTreeSet<String>> {
        if self.shown != after.shown || self.names != after.names {
            return None;
        }
        let mut regions = self.touched;
        regions.extend(after.touched);
        Some(regions)
    }
}

/// Serves the files of a full rebuild; returns the folder served before.
fn switch(served: &RwLock<Served>, dir: PathBuf, paths: Vec<String>) -> Option<PathBuf> {
    let mut state = served.write().ok()?;
    let old = state.dir.replace(dir);
    state.files = paths.into_iter().collect();
    state.version += 1;
    state.error = None;
    state.rebuilt = Vec::new();
    old
}

/// The site's pages (in folders: those the site pages list) once a partial
/// rebuild is in: what is served, less the dropped folders, plus `files`.
fn pages_after(served: &RwLock<Served>, drop_prefixes: &[String], files: &[Output]) -> Vec<String> {
    let Ok(state) = served.read() else {
        return Vec::new();
    };
    // In no order and maybe twice: `render_site_pages` sorts and dedups.
    state
        .files
        .iter()
        .filter(|p| !drop_prefixes.iter().any(|x| p.starts_with(x.as_str())))
        .chain(files.iter().map(|o| &o.path))
        .filter(|p| p.ends_with(".html") && p.contains('/'))
        .cloned()
        .collect()
}

/// Puts a partial rebuild's files into the served folder, then serves
/// them; files left over under the dropped folders go next. The marker
/// file is taken away first and written after everything else, as a build
/// writes it: were a write to fail in between, the next full rebuild would
/// otherwise link files the marker no longer describes, and a folder
/// changed after the marker is taken for one changed by hand
/// (`build::Previous::built`). An error comes with whether some served
/// files were already replaced.
fn replace_files(
    served: &RwLock<Served>,
    drop_prefixes: &[String],
    files: Vec<Output>,
    marker: Output,
    rebuilt: Vec<String>,
) -> Result<(), (Diagnostic, bool)> {
    let Some(dir) = served.read().ok().and_then(|s| s.dir.clone()) else {
        return Ok(());
    };
    let marker_path = dir.join(&marker.path);
    match std::fs::remove_file(&marker_path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err((io_error("не удалось обновить файл", &marker_path, e), false))
        }
        _ => {}
    }
    for (i, output) in files.iter().enumerate() {
        folder::replace(&dir, output).map_err(|e| {
            let error = io_error("не удалось записать файл", &dir.join(&output.path), e);
            (error, i > 0)
        })?;
    }
    let new: HashSet<String> = files.into_iter().map(|o| o.path).collect();
    let gone: Vec<String> = {
        let Ok(mut state) = served.write() else {
            return Ok(());
        };
        let gone: Vec<String> = state
            .files
            .iter()
            .filter(|p| drop_prefixes.iter().any(|x| p.starts_with(x.as_str())))
            .filter(|p| !new.contains(*p))
            .cloned()
            .collect();
        for path in &gone {
            state.files.remove(path);
        }
        state.files.extend(new);
        state.files.insert(marker.path.clone());
        state.version += 1;
        state.error = None;
        state.rebuilt = rebuilt;
        gone
    };
    // A file left behind would be linked into the next full rebuild's
    // folder with the rest of its district, so then the marker stays away.
    let mut left = false;
    for path in gone {
        let path = dir.join(path);
        left |= std::fs::remove_file(&path).is_err() && path.exists();
    }
    if left {
        return Ok(());
    }
    folder::replace(&dir, &marker)
        .map_err(|e| (io_error("не удалось записать файл", &marker_path, e), true))
}

/// A sink that lists the paths of the files passing through it.
struct Listed<'a> {
    inner: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Listed<'_> {
    fn add(&self, new: impl IntoIterator<Item = String>) {
        if let Ok(mut paths) = self.paths.lock() {
            paths.extend(new);
        }
    }
}

impl Sink for Listed<'_> {
    fn reuse(&self, slug: &str, key: u64) -> Option<Vec<(String, u64)>> {
        let taken = self.inner.reuse(slug, key)?;
        self.add(taken.iter().map(|(path, _)| path.clone()));
        Some(taken)
    }

    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        let path = output.path.clone();
        self.inner.put(output)?;
        self.add([path]);
        Ok(())
    }
}

/// Said after the errors when a partial rebuild was only partly put in.
const HALF_NEW: &str = "\nСайт пересобран не до конца: часть страниц может быть уже новой, \
часть прежней. Устраните причину и сохраните любой файл сайта ещё раз: \
тогда сайт соберётся заново целиком.";

/// A failed rebuild: its messages and the sources they point into.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
    /// Some of a partial rebuild's files were put in before the failure,
    /// so some served pages may already be the new ones: the reader is
    /// told so rather than promised the old version.
    half_new: bool,
}

impl Failure {
    fn new(diagnostics: Vec<Diagnostic>, sources: SourceMap) -> Failure {
        Failure {
            diagnostics,
            sources,
            half_new: false,
        }
    }

    fn one(d: Diagnostic, sources: &SourceMap) -> Failure {
        Failure::new(vec![d], sources.clone())
    }

    /// Prints the errors and shows them over the pages; the last good site
    /// keeps being served.
    fn report(self, served: &RwLock<Served>) {
        let errors: Vec<String> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| render_diagnostic(d, &self.sources, false))
            .collect();
        let mut text = errors.join("\n\n");
        if self.half_new {
            text.push_str(HALF_NEW);
            eprintln!("{text}");
        } else {
            eprintln!("{text}\nСайт не пересобран: показывается прежняя версия.");
        }
        if let Ok(mut state) = served.write() {
            state.error = Some(text);
        }
    }
}

/// The folder a district was loaded from: its district.yaml's folder
/// (source paths are shown relative to the root, or absolute).
fn district_folder(root: &Path, sources: &SourceMap, d: &crate::model::District) -> PathBuf {
    let district_yaml = root.join(&sources.get(d.span.file).path);
    district_yaml
        .parent()
        .map_or_else(|| root.join("content").join(&d.slug), Path::to_path_buf)
}

/// Runs the server until the process is stopped (Ctrl+C).
pub fn serve(root: &Path, bind: &str, port: u16, open: bool) -> Result<(), String> {
    // File events name absolute paths: compare them with absolute folders.
    let root = &absolute(root);
    let served = Arc::new(RwLock::new(Served::default()));
    let started = Instant::now();
    // The state the first build sees: any edit after this point rebuilds.
    let mut watched = watch::watched_folders(root);
    let mut last = watch::snapshot(&watched);
    // Watch before the first build: an edit made meanwhile is not lost.
    let (tx, events) = mpsc::channel();
    let mut watcher = watch::start_watcher(&watched, tx);
    let mut session = Session::new(root)?;
    let built = session.rebuild(None, &served);
    // A theme folder named in site.yaml outside themes/ is watched too.
    if let Some(theme) = session.theme_folder() {
        if theme.is_dir() && !watched.iter().any(|w| theme.starts_with(w)) {
            use notify::Watcher;
            if let Some(w) = watcher.as_mut() {
                let _ = w.watch(&theme, notify::RecursiveMode::Recursive);
            }
            last.extend(watch::snapshot(std::slice::from_ref(&theme)));
            watched.push(theme);
        }
    }
    let secs = format!("{:.2}", started.elapsed().as_secs_f64()).replace('.', ",");
    if built {
        eprintln!("Сайт собран за {secs} с");
    } else {
        eprintln!("Сайт не собран ({secs} с): исправьте ошибки выше — сайт соберётся при следующем сохранении файла");
    }
    let listener = TcpListener::bind((bind, port)).map_err(|e| {
        format!(
            "не удалось открыть порт {port} на {bind}: {}",
            crate::diagnostics::os_error(&e)
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| crate::diagnostics::os_error(&e))?;
    let url = format!("http://{address}/");
    println!("Сайт: {url} (остановить — Ctrl+C)");
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&url);
    }
    let watcher_state = Arc::clone(&served);
    std::thread::spawn(move || {
        // The watcher lives as long as the loop; without one, it polls.
        let _watcher = watcher;
        watch::watch(session, &events, watched, last, &watcher_state);
    });
    accept_loop(&listener, &served);
    Ok(())
}

/// Serves each connection on a thread of its own, at most
/// `http::MAX_CONNECTIONS` at once. Accepting fails when the process is
/// out of open files (each connection holds one): then it waits a little
/// longer each time instead of spinning on the error.
fn accept_loop(listener: &TcpListener, served: &Arc<RwLock<Served>>) {
    let connections = Arc::new(http::Connections::default());
    let mut pause = Duration::from_millis(5);
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(_) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        pause = Duration::from_millis(5);
        let state = Arc::clone(served);
        // The slot is taken here, in accepting order; refused connections
        // get a thread only for their short «busy» answer.
        let slot = connections.take();
        let spawned = std::thread::Builder::new().spawn(move || match slot {
            Some(slot) => http::handle(stream, &state, slot),
            None => http::busy(stream),
        });
        if spawned.is_err() {
            // No thread to be had: the stream was dropped with the closure.
            std::thread::sleep(pause);
        }
    }
}

/// Opens the site in the default browser; a failure only costs a message.
fn open_browser(url: &str) {
    let result = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if result.is_err() {
        eprintln!("не удалось открыть браузер: откройте {url} сами");
    }
}

/// The root as an absolute path without Windows' `\\?\` prefix (which
/// `canonicalize` adds there and messages would show).
fn absolute(root: &Path) -> PathBuf {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let text = canonical.to_string_lossy();
    match text.strip_prefix(r"\\?\") {
        Some(rest) if !rest.starts_with("UNC") => PathBuf::from(rest),
        _ => canonical,
    }
}
