//! `vekha serve`: the site served from memory on 127.0.0.1, rebuilt when a
//! source or theme file changes, with pages reloading themselves.
//!
//! The site is rendered in memory (no files written), so a broken edit
//! simply keeps the last good site in memory and shows the error over the
//! page. Requests are answered only from that map of files, so no path can
//! reach outside the site.
//!
//! Rebuilds are incremental: the loaded site, its sources and the compiled
//! theme are kept, and an edit inside one district folder reloads, checks
//! and renders only that district, then the site-wide pages (home, glossary,
//! calendar, site JSON, sitemap). Everything else (site.yaml, the theme, a
//! district folder added or removed) rebuilds the whole site. Changes are
//! noticed through the operating system's file events (the `notify` crate),
//! with a slow poll of modification times as a safety net.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::build::{load_checked, thread_pool, BuildOptions, Prepared};
use crate::diagnostics::{
    has_errors, render as render_diagnostic, Diagnostic, Severity, SourceMap,
};
use crate::model::Site;
use crate::render::pages::{render_district_files, render_site, render_site_pages};
use crate::render::{root_of, Collect, Output};
use crate::timing;

/// What is being served: the files of the last good build and its number;
/// the error of the last failed build, if it failed.
#[derive(Default)]
pub struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    version: u64,
    error: Option<String>,
    /// Districts the last rebuild rendered again; empty for the whole site.
    rebuilt: Vec<String>,
}

/// The reload script injected into every HTML page: it asks the server for
/// the build number every half second and reloads when it changes; an error
/// is shown over the page. The address is relative (`ROOT` is the page's
/// way up to the site root), so it works when the site sits under a
/// sub-path behind a proxy.
const RELOAD: &str = "<script>(function(){var v=null;function box(t){var b=document.getElementById('vekha-error');if(!t){if(b)b.remove();return;}if(!b){b=document.createElement('pre');b.id='vekha-error';b.setAttribute('role','alert');b.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;border-top:4px solid #c00;z-index:9999;white-space:pre-wrap;font:14px monospace';document.body.appendChild(b);}b.textContent=t;}function poll(){fetch('ROOT__vekha/status',{cache:'no-store'}).then(function(r){return r.json();}).then(function(s){if(v!==null&&s.version!==v){location.reload();return;}v=s.version;box(s.error);}).catch(function(){});}poll();setInterval(poll,500);})();</script>";

/// What a serve session keeps between rebuilds.
struct Cache {
    site: Site,
    sources: SourceMap,
    prepared: Prepared,
    /// The folder of each district of `site.districts`, same order.
    folders: Vec<PathBuf>,
}

/// A serve session: the options it renders with and the cache of the last
/// good build.
pub struct Session {
    options: BuildOptions,
    today: chrono::NaiveDate,
    cache: Option<Cache>,
    pool: Option<rayon::ThreadPool>,
}

impl Session {
    pub fn new(root: &Path) -> Session {
        Session {
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
        }
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
        let outcome = match (touched, self.cache.take()) {
            (Some(touched), Some(cache)) => self.update(cache, &touched),
            _ => self.full(),
        };
        let committed = outcome.and_then(|(cache, change)| {
            self.commit(&cache, change, served)?;
            Ok(cache)
        });
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

    /// Loads, checks and renders the whole site.
    fn full(&self) -> Result<(Cache, Change), Failure> {
        let (site, report) = load_checked(&self.options).map_err(|r| Failure {
            diagnostics: r.diagnostics,
            sources: r.sources,
        })?;
        let sources = report.sources;
        let prepared = Prepared::new(&self.options, &site, self.today)
            .map_err(|d| Failure::one(d, &sources))?;
        let collect = Collect::default();
        let input = prepared.input(&self.options, &site);
        self.install(|| render_site(&input, &collect))
            .map_err(|d| Failure::one(d, &sources))?;
        let files = collect.into_sorted();
        let folders = site
            .districts
            .iter()
            .map(|d| district_folder(&self.options.root, &sources, d))
            .collect();
        let cache = Cache {
            site,
            sources,
            prepared,
            folders,
        };
        Ok((cache, Change::everything(files)))
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
        self.reload(&mut cache, touched)?;
        timing::phase("load+check", started);
        let started = Instant::now();
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
        let change = Change {
            everything: false,
            drop_prefixes: prefixes,
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
            diagnostics.extend(load.diagnostics);
            match load.district {
                Some(d) => {
                    diagnostics.extend(crate::check::check_district(&d, &cache.sources));
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
        crate::load::check_district_slugs(&cache.site.districts, &mut diagnostics);
        if has_errors(&diagnostics) {
            return Err(Failure {
                diagnostics,
                sources: std::mem::take(&mut cache.sources),
            });
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
                || crate::export::json::site_json(site),
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

    /// Applies a change to what is served. After a partial rebuild the site
    /// pages are rendered first, against the new list of pages; then one
    /// short write swaps everything in.
    fn commit(
        &self,
        cache: &Cache,
        mut change: Change,
        served: &RwLock<Served>,
    ) -> Result<(), Failure> {
        if !change.everything {
            let pages = {
                let Ok(state) = served.read() else {
                    return Ok(());
                };
                let mut pages: Vec<String> = state
                    .files
                    .keys()
                    .filter(|p| {
                        !change
                            .drop_prefixes
                            .iter()
                            .any(|x| p.starts_with(x.as_str()))
                    })
                    .chain(change.files.iter().map(|o| &o.path))
                    .filter(|p| p.ends_with(".html") && p.contains('/'))
                    .cloned()
                    .collect();
                pages.sort();
                pages.dedup();
                pages
            };
            let started = Instant::now();
            let input = cache.prepared.input(&self.options, &cache.site);
            let site_pages = self
                .install(|| render_site_pages(&input, &pages))
                .map_err(|d| Failure::one(d, &cache.sources))?;
            timing::phase("site pages", started);
            change.files.extend(site_pages);
            change.files.push(Output {
                path: crate::export::SITE_JSON_PATH.to_string(),
                bytes: cache.prepared.site_json.as_bytes().to_vec(),
            });
        }
        change.apply(served);
        Ok(())
    }
}

/// What a successful rebuild changes in the served files.
struct Change {
    /// Replace every file (a full rebuild).
    everything: bool,
    /// Files under these folders are dropped first (the touched districts,
    /// under their old and new addresses).
    drop_prefixes: Vec<String>,
    files: Vec<Output>,
    /// Districts rendered again, for the status answer.
    rebuilt: Vec<String>,
}

impl Change {
    fn everything(files: Vec<Output>) -> Change {
        Change {
            everything: true,
            drop_prefixes: Vec::new(),
            files,
            rebuilt: Vec::new(),
        }
    }

    fn apply(self, served: &RwLock<Served>) {
        let Ok(mut state) = served.write() else {
            return;
        };
        if self.everything {
            state.files.clear();
        }
        let prefixes = self.drop_prefixes;
        state
            .files
            .retain(|path, _| !prefixes.iter().any(|p| path.starts_with(p.as_str())));
        state
            .files
            .extend(self.files.into_iter().map(|o| (o.path, Arc::new(o.bytes))));
        state.version += 1;
        state.error = None;
        state.rebuilt = self.rebuilt;
    }
}

/// A failed rebuild: its messages and the sources they point into.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
}

impl Failure {
    fn one(d: Diagnostic, sources: &SourceMap) -> Failure {
        Failure {
            diagnostics: vec![d],
            sources: sources.clone(),
        }
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
        let text = errors.join("\n\n");
        eprintln!("{text}\nСайт не пересобран: показывается прежняя версия.");
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

/// Modification times and sizes of every file under the folders: when this
/// changes, something was edited, added or removed.
fn snapshot(folders: &[PathBuf]) -> HashMap<PathBuf, (SystemTime, u64)> {
    let mut out = HashMap::new();
    for folder in folders {
        for entry in walkdir::WalkDir::new(folder)
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(meta) = entry.metadata() {
                if meta.is_file() {
                    out.insert(
                        entry.path().to_path_buf(),
                        (
                            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                            meta.len(),
                        ),
                    );
                }
            }
        }
    }
    out
}

/// Files added, removed or changed between two snapshots.
fn changes(
    before: &HashMap<PathBuf, (SystemTime, u64)>,
    after: &HashMap<PathBuf, (SystemTime, u64)>,
) -> BTreeSet<PathBuf> {
    let mut changed: BTreeSet<PathBuf> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(*v))
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed
}

/// The site path a request asks for, or `None` for a path that tries to
/// leave the site (`..`) — refused.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') => return None,
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if joined.is_empty() || path.ends_with('/') {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &str) -> &'static str {
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
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Answers one request from what is being served.
fn handle(mut stream: TcpStream, served: &RwLock<Served>) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let mut words = line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return;
    };
    if method != "GET" && method != "HEAD" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "только GET".as_bytes(),
        );
        return;
    }
    let Some(path) = site_path(target) else {
        respond(
            &mut stream,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            "путь за пределами сайта".as_bytes(),
        );
        return;
    };
    let Ok(state) = served.read() else { return };
    if path.ends_with("__vekha/status") {
        let body = serde_json::json!({
            "version": state.version,
            "error": state.error,
            "rebuilt": state.rebuilt,
        })
        .to_string();
        drop(state);
        respond(&mut stream, "200 OK", "application/json", body.as_bytes());
        return;
    }
    let (status, file) = if state.files.contains_key(&path) {
        ("200 OK", path.clone())
    } else if state.files.contains_key(&format!("{path}/index.html")) {
        ("200 OK", format!("{path}/index.html"))
    } else {
        ("404 Not Found", "404.html".to_string())
    };
    let Some(bytes) = state.files.get(&file).cloned() else {
        drop(state);
        respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            "нет такой страницы".as_bytes(),
        );
        return;
    };
    drop(state);
    if file.ends_with(".html") {
        // The script finds the status address from the page's own depth
        // (the requested path: a 404 page answers at any depth).
        let script = RELOAD.replace("ROOT", &root_of(&path));
        let html = String::from_utf8_lossy(&bytes);
        let page = match html.rfind("</body>") {
            Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
            None => format!("{html}{script}"),
        };
        respond(&mut stream, status, content_type(&file), page.as_bytes());
    } else {
        respond(&mut stream, status, content_type(&file), &bytes);
    }
}

/// Runs the server until the process is stopped (Ctrl+C).
pub fn serve(root: &Path, bind: &str, port: u16, open: bool) -> Result<(), String> {
    // File events name absolute paths: compare them with absolute folders.
    let root = &absolute(root);
    let served = Arc::new(RwLock::new(Served::default()));
    let started = Instant::now();
    // The state the first build sees: any edit after this point rebuilds.
    let mut watched = watched_folders(root);
    let mut last = snapshot(&watched);
    // Watch before the first build: an edit made meanwhile is not lost.
    let (tx, events) = mpsc::channel();
    let mut watcher = start_watcher(&watched, tx);
    let mut session = Session::new(root);
    let built = session.rebuild(None, &served);
    // A theme folder named in site.yaml outside themes/ is watched too.
    if let Some(theme) = session.theme_folder() {
        if theme.is_dir() && !watched.iter().any(|w| theme.starts_with(w)) {
            use notify::Watcher;
            if let Some(w) = watcher.as_mut() {
                let _ = w.watch(&theme, notify::RecursiveMode::Recursive);
            }
            last.extend(snapshot(std::slice::from_ref(&theme)));
            watched.push(theme);
        }
    }
    let secs = format!("{:.2}", started.elapsed().as_secs_f64()).replace('.', ",");
    if built {
        eprintln!("Сайт собран за {secs} с");
    } else {
        eprintln!("Сайт не собран ({secs} с): исправьте ошибки выше — сайт соберётся при следующем сохранении файла");
    }
    let listener = TcpListener::bind((bind, port))
        .map_err(|e| format!("не удалось открыть порт {port} на {bind}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
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
        watch(session, &events, watched, last, &watcher_state);
    });
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&served);
        std::thread::spawn(move || handle(stream, &state));
    }
    Ok(())
}

/// Waits for file events (or polls every 2 s if the system gives none) and
/// rebuilds what changed.
fn watch(
    mut session: Session,
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
    mut last: HashMap<PathBuf, (SystemTime, u64)>,
    served: &RwLock<Served>,
) {
    loop {
        // The paths the events name; `None` after a quiet spell, without a
        // watcher, or for an event without paths: then the snapshots say
        // what changed.
        let named = match rx.recv_timeout(Duration::from_secs(2)) {
            Ok(first) => {
                let mut events = vec![first];
                // An editor's save may be several events: wait until quiet.
                while let Ok(more) = rx.recv_timeout(Duration::from_millis(10)) {
                    events.push(more);
                }
                event_paths(&events)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            // No watcher (the system refused one): poll every 2 s.
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_secs(2));
                None
            }
        };
        let changed = match named {
            Some(paths) => {
                // Keep the polling safety net from seeing these again.
                refresh(&mut last, &paths);
                paths
            }
            None => {
                let now = snapshot(&watched);
                let changed = changes(&last, &now);
                last = now;
                changed
            }
        };
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        if session.rebuild(Some(&changed), served) {
            eprintln!(
                "Пересобрано за {:.0} мс",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

/// Updates the snapshot entries of the given paths (gone ones removed).
fn refresh(last: &mut HashMap<PathBuf, (SystemTime, u64)>, paths: &BTreeSet<PathBuf>) {
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                let stamp = (
                    meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                    meta.len(),
                );
                last.insert(path.clone(), stamp);
            }
            _ => {
                last.remove(path);
            }
        }
    }
}

type Events = mpsc::Sender<notify::Result<notify::Event>>;

/// The system's file watcher over the folders, sending to `tx`; `None`
/// when the system refuses (then only polling notices edits).
fn start_watcher(folders: &[PathBuf], tx: Events) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .ok()?;
    folders
        .iter()
        .all(|f| watcher.watch(f, notify::RecursiveMode::Recursive).is_ok())
        .then_some(watcher)
}

/// The files a batch of events names, if every event named some.
fn event_paths(events: &[notify::Result<notify::Event>]) -> Option<BTreeSet<PathBuf>> {
    let mut paths = BTreeSet::new();
    for event in events {
        let event = event.as_ref().ok()?;
        if event.paths.is_empty() || event.need_rescan() {
            return None;
        }
        // Reading a file is not a change.
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        paths.extend(event.paths.iter().cloned());
    }
    Some(paths)
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

/// `content/` and the themes folder, if there is one.
fn watched_folders(root: &Path) -> Vec<PathBuf> {
    let mut folders = vec![root.join("content")];
    if root.join("themes").is_dir() {
        folders.push(root.join("themes"));
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/kirovsky/").as_deref(),
            Some("kirovsky/index.html")
        );
        assert_eq!(
            site_path("/kirovsky/shnor-2023/index.html?x=1#p-1").as_deref(),
            Some("kirovsky/shnor-2023/index.html")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/etc"), None);
        assert_eq!(site_path("/a\\..\\b"), None);
    }
}
