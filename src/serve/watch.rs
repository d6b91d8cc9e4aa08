//! Noticing edits: the operating system's file events (the `notify` crate),
//! with a slow poll of modification times as a safety net, turned into
//! rebuilds of the serve session.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use super::{Served, Session};

/// Modification times and sizes of every file under the folders: when this
/// changes, something was edited, added or removed.
pub fn snapshot(folders: &[PathBuf]) -> HashMap<PathBuf, (SystemTime, u64)> {
    let mut out = HashMap::new();
    for folder in folders {
        for entry in walkdir::WalkDir::new(folder)
            .into_iter()
            .filter_entry(|e| !is_serve_folder(e.file_name()))
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

/// Waits for file events (or polls every 2 s if the system gives none) and
/// rebuilds what changed.
pub fn watch(
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

pub type Events = mpsc::Sender<notify::Result<notify::Event>>;

/// The system's file watcher over the folders, sending to `tx`; `None`
/// when the system refuses (then only polling notices edits).
pub fn start_watcher(folders: &[PathBuf], tx: Events) -> Option<notify::RecommendedWatcher> {
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
        paths.extend(event.paths.iter().filter(|p| !in_serve_folder(p)).cloned());
    }
    Some(paths)
}

/// Whether a name is that of a folder `vekha serve` writes into. Its own
/// writes are not edits; they would be seen, and rebuild forever, were a
/// theme folder to hold the site root (`theme: .`).
fn is_serve_folder(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with(".vekha-serve")
}

fn in_serve_folder(path: &Path) -> bool {
    path.components().any(|c| is_serve_folder(c.as_os_str()))
}

/// `content/` and the themes folder, if there is one.
pub fn watched_folders(root: &Path) -> Vec<PathBuf> {
    let mut folders = vec![root.join("content")];
    if root.join("themes").is_dir() {
        folders.push(root.join("themes"));
    }
    folders
}
