//! The output folder: where a build may write (never over sources or
//! someone's files), the staging folder swapped in with two renames, the
//! lock that keeps a second build out, the repair of an interrupted swap,
//! and the `Writer` that hard-links unchanged files from the previous build.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::diagnostics::{os_error, Diagnostic, Severity};
use crate::render::{Output, Sink};

/// An earlier build in the output folder: where it is, the district
/// keys its marker file lists and when that file was written.
struct Previous {
    dir: PathBuf,
    keys: HashMap<String, u64>,
    /// The marker's modification time. The marker is written after every
    /// other file of a build, so a file or folder modified later was
    /// changed by someone else: its district is not taken as it is.
    built: Option<SystemTime>,
}

impl Previous {
    /// The previous build, if `out` holds one (it has the marker file).
    fn of(out: &Path) -> Option<Previous> {
        let marker = out.join(MARKER);
        let text = std::fs::read_to_string(&marker).ok()?;
        let built = std::fs::metadata(&marker).and_then(|m| m.modified()).ok();
        let keys = text
            .lines()
            .filter_map(|line| {
                let (slug, key) = line.split_once(' ')?;
                Some((slug.to_string(), u64::from_str_radix(key, 16).ok()?))
            })
            .collect();
        Some(Previous {
            dir: out.to_path_buf(),
            keys,
            built,
        })
    }
}

/// Refuses output folders whose replacement would destroy sources, and
/// an output that is not a folder.
pub(super) fn check_output_folder(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    if out.exists() && !out.is_dir() {
        return Err(Diagnostic::for_path(
            Severity::Error,
            out,
            "это файл, а не папка: собрать в него сайт нельзя",
        )
        .with_help("укажите в `--out` папку для готового сайта, например `--out public`"));
    }
    // Through links too: `--out alias/content/site`, where `alias` leads
    // to the site root, is inside content/.
    let out_abs = resolved(out);
    let root_abs = resolved(root);
    // content/ may itself be a link to elsewhere.
    let content = resolved(&root.join("content"));
    let forbidden = out_abs.parent().is_none()
        || out_abs == root_abs
        || root_abs.starts_with(&out_abs)
        || out_abs.starts_with(&content)
        || out_abs.starts_with(root_abs.join("content"))
        || out_abs.join("content").is_dir() && out_abs.join("content/site.yaml").is_file();
    if forbidden {
        return Err(Diagnostic::for_path(Severity::Error, out, "в эту папку собирать сайт нельзя: при замене пропали бы исходники")
            .with_help("укажите отдельную папку для готового сайта, например `--out public`; это не может быть корень сайта, папка content/ или /"));
    }
    // The build replaces the whole folder: only an empty folder or one that
    // Vekha built before (it holds the marker file) may be replaced.
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::for_path(
                Severity::Error,
                out,
                "папка не пуста и собрана не программой «Веха»: сборка заменила бы её целиком вместе с чужими файлами",
            )
            .with_help("укажите пустую или новую папку (`--out public`), или перенесите из этой папки свои файлы и удалите её"));
        }
    }
    Ok(())
}

/// The absolute path `path` stands for, links resolved as far as the
/// path exists (the rest, not yet made, is appended as written).
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let absolute = normalise(&absolute);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest.iter().rev().fold(canonical, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// A file in every built site: marks the folder as Vekha's to replace.
pub const MARKER: &str = ".vekha-site";

/// `a/./b/../c` → `a/c` without touching the disk (the folder may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The folder a build writes into: `.<out>.vekha-new` beside the output,
/// filled by a [`Writer`]; `finish` swaps it in with two renames, so a
/// failed build never damages the site.
pub(super) struct Staging {
    out: PathBuf,
    old: PathBuf,
    pub(super) writer: Writer,
}

/// A sink that writes files into a new folder. A file whose bytes equal
/// the previous build's is hard-linked from it instead of written (no new
/// inode, no data written), and so is every file of a district whose key
/// did not change (`Sink::reuse`). `vekha serve` writes each full rebuild
/// through one too, linking from the folder it serves.
pub struct Writer {
    dir: PathBuf,
    /// The previous site, when there is one to link unchanged files from.
    previous: Option<Previous>,
    made: Mutex<HashSet<PathBuf>>,
    /// Site paths of the files written anew: new, or changed since the
    /// previous build (the rest are linked from it).
    written: Mutex<Vec<String>>,
}

/// What a build changed in the output folder: the files to upload to the
/// hosting and the files to delete there, as site paths (`a/b.html`),
/// sorted. The build's marker is in neither: it always changes and means
/// nothing to the hosting.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Whether there was a previous build to compare with (without one,
    /// every file is new).
    pub compared: bool,
}

impl Changes {
    /// The list as a webmaster reads it: what to upload, what to delete.
    /// On Windows with CRLF and a BOM, so that any Notepad shows it right.
    pub fn list(&self) -> String {
        let eol = if cfg!(windows) { "\r\n" } else { "\n" };
        let mut out = String::new();
        if cfg!(windows) {
            out.push('\u{feff}');
        }
        out.push_str(LIST_NOTE);
        out.push_str(eol);
        let mut section = |title: String, paths: &[String]| {
            out.push_str(&title);
            out.push_str(eol);
            for p in paths {
                out.push_str(p);
                out.push_str(eol);
            }
        };
        section(
            format!(
                "# Новые и изменённые файлы ({}): загрузите их на хостинг, заменяя прежние",
                self.changed.len()
            ),
            &self.changed,
        );
        section(
            format!(
                "# {REMOVED_HEADING} ({}): удалите их на хостинге",
                self.removed.len()
            ),
            &self.removed,
        );
        out
    }

    /// These changes added to a list written before (`list`'s text). The
    /// list adds up from build to build until it is deleted: a build made
    /// only to look, between an edit and the upload, must not empty it.
    /// A path changed now leaves the deleted ones, a path deleted now
    /// leaves the changed ones.
    pub fn after(mut self, earlier: &str) -> Changes {
        let (mut changed, mut removed) = (BTreeSet::new(), BTreeSet::new());
        let mut in_removed = false;
        for line in earlier.trim_start_matches('\u{feff}').lines() {
            let line = line.trim_end_matches('\r');
            if let Some(heading) = line.strip_prefix('#') {
                in_removed = heading.contains(REMOVED_HEADING);
            } else if !line.is_empty() {
                let set = if in_removed {
                    &mut removed
                } else {
                    &mut changed
                };
                set.insert(line.to_string());
            }
        }
        for path in &self.changed {
            removed.remove(path);
            changed.insert(path.clone());
        }
        for path in &self.removed {
            changed.remove(path);
            removed.insert(path.clone());
        }
        self.changed = changed.into_iter().collect();
        self.removed = removed.into_iter().collect();
        self
    }
}

/// The first line of a list of changes.
const LIST_NOTE: &str =
    "# Список копится от сборки к сборке: удалите этот файл, когда загрузите всё на хостинг";
/// What the heading of the deleted files says (and how `after` finds it).
const REMOVED_HEADING: &str = "Удалённые файлы";

impl Writer {
    /// A writer into `dir`, created here (a new folder: `put` expects no
    /// file in it); unchanged files come from `previous`, a folder holding
    /// an earlier build.
    pub fn new(dir: &Path, previous: Option<&Path>) -> Result<Writer, Diagnostic> {
        std::fs::create_dir_all(dir).map_err(|e| io_error("не удалось создать папку", dir, e))?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            previous: previous.and_then(Previous::of),
            made: Mutex::new(HashSet::new()),
            written: Mutex::default(),
        })
    }

    /// What the files put so far change against the previous build.
    pub fn changes(&self) -> Changes {
        let mut changed = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        changed.retain(|p| p != MARKER);
        changed.sort_unstable();
        // A path put twice (see `write_new`) is one file.
        changed.dedup();
        let mut removed = Vec::new();
        if let Some(previous) = &self.previous {
            for entry in walkdir::WalkDir::new(&previous.dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let Ok(rel) = entry.path().strip_prefix(&previous.dir) else {
                    continue;
                };
                if rel != Path::new(MARKER) && !self.dir.join(rel).exists() {
                    removed.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        Changes {
            changed,
            removed,
            compared: self.previous.is_some(),
        }
    }

    fn make_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        let known = self.made.lock().map(|m| m.contains(dir)).unwrap_or(false);
        if !known {
            std::fs::create_dir_all(dir)
                .map_err(|e| io_error("не удалось создать папку", dir, e))?;
            if let Ok(mut made) = self.made.lock() {
                made.insert(dir.to_path_buf());
            }
        }
        Ok(())
    }
}

pub fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::for_path(Severity::Error, path, format!("{what}: {}", os_error(&e)))
        // Whether the previous site is untouched is for the caller to say:
        // `build` swaps it only after success, `serve` may be half through.
        .with_help(crate::diagnostics::write_help(&e))
}

/// A hidden path beside the output: `public` → `.public.<suffix>`.
fn beside(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output_parent(out).join(format!(".{name}.{suffix}"))
}

/// The folder that holds the output (`.` for a bare name).
fn output_parent(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The lock of one output folder, held for the whole build (the system
/// releases it when the process ends, however it ends). Two builds into
/// one folder would share the staging folder and publish a mix of both.
pub(super) struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    pub(super) fn take(out: &Path) -> Result<OutputLock, Diagnostic> {
        let parent = output_parent(out);
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error("не удалось создать папку", parent, e))?;
        let path = beside(out, "vekha-lock");
        let file = open_lock_file(&path)
            .map_err(|e| io_error("не удалось создать файл блокировки сборки", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(OutputLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Diagnostic::for_path(
                Severity::Error,
                out,
                "в эту папку уже собирает сайт другая команда vekha build",
            )
            .with_help("дождитесь, когда она закончит, и запустите сборку снова (или соберите в другую папку: `--out ПАПКА`)")),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(io_error("не удалось занять файл блокировки сборки", &path, e))
            }
        }
    }
}

/// A lock file, made if missing, never emptied: its lock (`try_lock`) is
/// what counts, and the system lets go of it when the process ends.
/// `vekha serve` locks its folder with one too.
pub fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// A build stopped between the two renames of its swap (power cut,
/// killed) leaves the output missing and the previous site aside as
/// `.<out>.vekha-old`: put it back before anything else happens, so that
/// nothing deletes the only good copy. Returns a warning saying so.
pub(super) fn recover_interrupted_swap(out: &Path) -> Result<Option<Diagnostic>, Diagnostic> {
    let old = beside(out, "vekha-old");
    if out.exists() || !old.join(MARKER).is_file() {
        return Ok(None);
    }
    std::fs::rename(&old, out).map_err(|e| {
        io_error("не удалось вернуть на место прежнюю версию сайта", out, e).with_help(format!(
            "прошлая сборка прервалась при замене сайта; прежняя версия лежит в {}: переименуйте эту папку в {}",
            old.display(),
            out.display()
        ))
    })?;
    sync_dir(output_parent(out));
    Ok(Some(
        Diagnostic::for_path(
            Severity::Warning,
            out,
            "прошлая сборка прервалась при замене сайта: прежняя версия возвращена на место",
        )
        .with_help("ничего делать не нужно; эта сборка заменит её как обычно"),
    ))
}

/// Makes the renames inside `dir` survive a power cut (on Windows a
/// rename is written through and a folder cannot be opened for this).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

impl Staging {
    pub(super) fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let dir = beside(out, "vekha-new");
        let old = beside(out, "vekha-old");
        // An old copy beside a whole output is a leftover; without an
        // output it is the only good copy, which `build` has already put
        // back when it could (`recover_interrupted_swap`): never delete it.
        let leftovers: &[&PathBuf] = if out.exists() { &[&dir, &old] } else { &[&dir] };
        for leftover in leftovers {
            if leftover.exists() {
                retried(|| std::fs::remove_dir_all(leftover)).map_err(|e| {
                    swap_error(
                        "не удалось убрать остатки прошлой сборки",
                        leftover,
                        leftover,
                        e,
                    )
                })?;
            }
        }
        Ok(Staging {
            writer: Writer::new(&dir, Some(out))?,
            out: out.to_path_buf(),
            old,
        })
    }

    /// Puts the new folder in place of the output.
    pub(super) fn finish(self) -> Result<(), Diagnostic> {
        let out = &self.out;
        let parent = output_parent(out);
        if out.exists() {
            retried(|| std::fs::rename(out, &self.old))
                .map_err(|e| swap_error("не удалось заменить прежнюю версию сайта", out, out, e))?;
        }
        if let Err(e) = retried(|| std::fs::rename(&self.writer.dir, out)) {
            // Put the previous site back before reporting.
            let what = "не удалось поставить новую версию сайта на место";
            let error = swap_error(what, out, &self.writer.dir, e);
            if self.old.exists() && retried(|| std::fs::rename(&self.old, out)).is_err() {
                let help = format!(
                    "{}; прежняя версия сайта лежит в {}, и следующая сборка вернёт её на место",
                    error.help.as_deref().unwrap_or_default(),
                    self.old.display()
                );
                return Err(error.with_help(help));
            }
            return Err(error);
        }
        sync_dir(parent);
        if self.old.exists() {
            // The marker goes first: an old copy that could not be deleted
            // whole is never taken for a site to put back.
            let _ = std::fs::remove_file(self.old.join(MARKER));
            let _ = std::fs::remove_dir_all(&self.old);
        }
        Ok(())
    }

    pub(super) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.writer.dir);
    }
}

/// The waits between tries of an operation on a busy file: about five
/// seconds in all.
const BUSY_WAITS_MS: [u64; 9] = [50, 100, 200, 400, 800, 1000, 1000, 1000, 1000];

/// `op`, tried again while Windows says a file is busy. Windows refuses to
/// rename or delete a file, or a folder holding one, that another program
/// has open: a DOCX of the site open in Word, the Explorer preview, an
/// antivirus scanning a file just written, OneDrive syncing it. Most hold
/// it for a moment.
fn retried<T>(mut op: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    let mut waits = BUSY_WAITS_MS.iter();
    loop {
        match op() {
            Err(e) if is_busy(&e) => match waits.next() {
                Some(&ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
                None => return Err(e),
            },
            other => return other,
        }
    }
}

/// Access denied, sharing or lock violation: Windows' answers about a
/// file another program holds. Access denied is also the answer to a real
/// lack of rights; it is retried all the same, because Windows gives it
/// for a folder whose file is open. (On Unix an open file never stops a
/// rename.)
fn is_busy(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// Sharing or lock violation only: a file certainly held by a program.
fn is_held(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// The error of a swap step on `path` (the folder the message names),
/// renaming or removing `moved`; when a file is still busy after the
/// retries, the message names the files of `moved` another program holds.
/// An access denial with no file held is a matter of rights, told as such.
fn swap_error(what: &str, path: &Path, moved: &Path, e: std::io::Error) -> Diagnostic {
    if !is_busy(&e) {
        return io_error(what, path, e);
    }
    let held = held_files(moved);
    if held.is_empty() && !is_held(&e) {
        return io_error(what, path, e);
    }
    let (named, close) = if held.is_empty() {
        (
            format!("папка {} занята другой программой", path.display()),
            "закройте окна и программы, в которых открыта эта папка или её файлы",
        )
    } else {
        let list: Vec<String> = held.iter().map(|p| p.display().to_string()).collect();
        (
            format!("файлы открыты в другой программе: {}", list.join(", ")),
            "закройте эти файлы",
        )
    };
    Diagnostic::for_path(Severity::Error, path, format!("{what}: {named}")).with_help(format!(
        "{close} (Word, Excel, браузер, область просмотра Проводника) и соберите сайт снова; \
         если их держит антивирус или OneDrive, подождите минуту"
    ))
}

/// Up to five files under `dir` that another program holds open: each is
/// opened with no sharing, which fails while anyone else has it open.
#[cfg(windows)]
fn held_files(dir: &Path) -> Vec<PathBuf> {
    use std::os::windows::fs::OpenOptionsExt;
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::OpenOptions::new()
                .read(true)
                .share_mode(0)
                .open(e.path())
                .is_err_and(|e| is_held(&e))
        })
        .map(walkdir::DirEntry::into_path)
        .take(5)
        .collect()
}

#[cfg(not(windows))]
fn held_files(_dir: &Path) -> Vec<PathBuf> {
    Vec::new()
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes a file that must be new in the staging folder. Were a path put
/// twice, plain `fs::write` would write through a hard link into the
/// previous site; the earlier file is unlinked instead. A `durable` file
/// is flushed to the disk before this returns.
fn write_new(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    use std::io::Write;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()?
        }
        other => other?,
    };
    file.write_all(bytes)?;
    if durable {
        file.sync_all()?;
    }
    Ok(())
}

impl Sink for Writer {
    /// Hard-links every file of the district's folder in the previous build
    /// when its key is unchanged and nothing in the folder was modified
    /// after that build (a page edited, added or deleted by hand is put
    /// right by rendering the district); `None` (render it) on any failure.
    fn reuse(&self, slug: &str, key: u64) -> Option<Vec<(String, u64)>> {
        let previous = self.previous.as_ref()?;
        if previous.keys.get(slug) != Some(&key) {
            return None;
        }
        let built = previous.built?;
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(previous.dir.join(slug)).sort_by_file_name() {
            let entry = entry.ok()?;
            let meta = entry.metadata().ok()?;
            if meta.modified().ok()? > built {
                return None;
            }
            if entry.file_type().is_file() {
                files.push((entry.into_path(), meta.len()));
            }
        }
        let mut taken = Vec::with_capacity(files.len());
        for (file, size) in files {
            let rel = file.strip_prefix(&previous.dir).ok()?;
            let target = self.dir.join(rel);
            self.make_dir(target.parent()?).ok()?;
            std::fs::hard_link(&file, &target).ok()?;
            taken.push((rel.to_string_lossy().replace('\\', "/"), size));
        }
        Some(taken)
    }

    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        let path = self.dir.join(&output.path);
        if let Some(dir) = path.parent() {
            self.make_dir(dir)?;
        }
        // The marker is always written anew: its time tells the next build
        // which files were changed after this one (`Previous::built`).
        let mut same = false;
        if let Some(previous) = self.previous.as_ref().filter(|_| output.path != MARKER) {
            let old = previous.dir.join(&output.path);
            same = same_bytes(&old, &output.bytes);
            if same && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        // The marker tells the next build what this folder holds and
        // when it was made: it goes to the disk before the swap.
        let durable = output.path == MARKER;
        write_new(&path, &output.bytes, durable)
            .map_err(|e| io_error("не удалось записать файл", &path, e))?;
        // Unchanged but copied: a disk without hard links (FAT32, some
        // network folders) must not make every file look changed.
        if !same {
            if let Ok(mut written) = self.written.lock() {
                written.push(output.path);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Changes;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_list_adds_up_until_it_is_deleted() {
        let first = Changes {
            changed: paths(&["a/index.html", "b/index.html"]),
            removed: paths(&["old/index.html"]),
            compared: true,
        };
        // A build made only to look changes nothing: the list stays.
        let looked = Changes {
            compared: true,
            ..Changes::default()
        }
        .after(&first.list());
        assert_eq!(looked, first);
        // A file changed again stays once; a changed file deleted moves to
        // the deleted ones; a deleted one made again moves back.
        let next = Changes {
            changed: paths(&["a/index.html", "old/index.html"]),
            removed: paths(&["b/index.html"]),
            compared: true,
        }
        .after(&looked.list());
        assert_eq!(next.changed, paths(&["a/index.html", "old/index.html"]));
        assert_eq!(next.removed, paths(&["b/index.html"]));
        // A list saved by Notepad (BOM, CRLF) reads the same.
        let notepad = format!("\u{feff}{}", first.list().replace('\n', "\r\n"));
        assert_eq!(Changes::default().after(&notepad).changed, first.changed);
    }
}
