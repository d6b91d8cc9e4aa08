//! Where `vekha serve` keeps the site it serves: `.vekha-serve/` in the
//! site root, on the same disk as the sources.
//!
//! The rendered site stays on disk, not in memory: at 1,000 plans it is
//! 640 MB, and a regional site of 10,000 plans would not fit in a laptop's
//! memory. (Not in the system's temporary folder: on many Linux systems that
//! is memory too.) Each full rebuild writes a folder of its own
//! (`site-1`, `site-2`…) beside the one being served, so a failed rebuild
//! never touches what is served; an edit in one district replaces its files
//! one by one inside the served folder, each with a rename, so a request
//! sees a file whole, old or new.
//!
//! A lock file marks the folder as taken: a second `vekha serve` of the same
//! site takes `.vekha-serve-2`. Whatever an earlier session left (it ends by
//! Ctrl+C, with no chance to clean up) is removed when the folder is taken.
//! A site root that cannot be written (a read-only share) gets a folder in
//! the system's temporary folder instead.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::render::Output;

/// The served site's folder, held for this process by its lock file.
pub struct Folder {
    base: PathBuf,
    /// Held open: the lock lasts as long as the file is open.
    _lock: File,
    next: u64,
}

/// How many `vekha serve` of one site may run side by side.
const MAX_SESSIONS: usize = 9;

const NOTE: &str = "Эту папку создаёт команда «vekha serve»: в ней лежит сайт, который она показывает.\n\
Её можно удалить, когда serve не запущен. На хостинг её загружать не нужно: готовый сайт собирает «vekha build» в папку public.\n";

impl Folder {
    /// Takes `.vekha-serve` in `root` (or the first free `.vekha-serve-N`)
    /// and clears what an earlier session left there.
    pub fn take(root: &Path) -> Result<Folder, String> {
        Folder::take_in(root).or_else(|error| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            root.hash(&mut h);
            let elsewhere = std::env::temp_dir().join(format!("vekha-{:016x}", h.finish()));
            let folder = Folder::take_in(&elsewhere).map_err(|_| error)?;
            eprintln!(
                "в папку сайта записать нельзя: показываемый сайт лежит в {}",
                folder.base.display()
            );
            Ok(folder)
        })
    }

    fn take_in(root: &Path) -> Result<Folder, String> {
        for n in 1..=MAX_SESSIONS {
            let name = match n {
                1 => ".vekha-serve".to_string(),
                n => format!(".vekha-serve-{n}"),
            };
            let base = root.join(name);
            let lock = open_lock(&base).map_err(|e| {
                format!(
                    "не удалось создать папку {} для показа сайта: {}; проверьте, что папка сайта доступна для записи",
                    base.display(),
                    crate::diagnostics::os_error(&e)
                )
            })?;
            match lock.try_lock() {
                Ok(()) => {
                    clear_leftovers(&base);
                    let _ = std::fs::write(base.join("README.txt"), NOTE);
                    hide(&base);
                    return Ok(Folder {
                        base,
                        _lock: lock,
                        next: 0,
                    });
                }
                Err(std::fs::TryLockError::WouldBlock) => continue,
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(format!(
                        "не удалось занять папку {} для показа сайта: {}",
                        base.display(),
                        crate::diagnostics::os_error(&e)
                    ))
                }
            }
        }
        Err(format!(
            "уже запущено {MAX_SESSIONS} команд «vekha serve» для этого сайта: остановите лишние (Ctrl+C в их окнах)"
        ))
    }

    /// A new, empty folder for the next full rebuild.
    pub fn generation(&mut self) -> PathBuf {
        loop {
            self.next += 1;
            let dir = self.base.join(format!("site-{}", self.next));
            if !dir.exists() {
                return dir;
            }
        }
    }
}

fn open_lock(base: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(base)?;
    crate::build::open_lock_file(&base.join("lock"))
}

/// Hides the folder in Windows Explorer, where a leading dot hides nothing:
/// a webmaster looking into the site's folder sees `content` and `public`,
/// not a second copy of the site to upload by mistake. Cosmetic, so a
/// failure is ignored. Through `attrib`, which every Windows has, rather
/// than the file API, which would need unsafe code (Vekha has one such
/// call, in `launch.rs`, where there is no other way); named by its
/// full path, since Windows looks for a bare name first beside vekha.exe
/// (often the Downloads folder).
#[cfg(windows)]
fn hide(base: &Path) {
    use std::process::{Command, Stdio};
    let Some(windows) = std::env::var_os("SystemRoot") else {
        return;
    };
    let attrib = Path::new(&windows).join("System32").join("attrib.exe");
    let _ = Command::new(attrib)
        .arg("+h")
        .arg(base)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(not(windows))]
fn hide(_base: &Path) {}

/// Removes the site folders of an earlier session (only `site-N`: nothing
/// else in the folder is ours to delete), in the background: at 10,000
/// plans that takes seconds. A folder still being removed still exists, so
/// `generation` does not pick its name.
fn clear_leftovers(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    let leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("site-"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    if !leftovers.is_empty() {
        std::thread::spawn(move || {
            for dir in leftovers {
                let _ = std::fs::remove_dir_all(dir);
            }
        });
    }
}

/// Removes a folder that is no longer served, after a pause: a request that
/// looked it up just before the switch still finds its file.
pub fn remove_later(dir: PathBuf) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(2));
        let _ = std::fs::remove_dir_all(dir);
    });
}

/// Replaces (or adds) one file of the served folder: written beside it,
/// then renamed over it, so a request reads either the old or the new file.
pub fn replace(dir: &Path, output: &Output) -> std::io::Result<()> {
    let path = dir.join(&output.path);
    let folder = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.vekha-tmp"));
    // A new file, never one shared by a hard link with an older folder.
    match std::fs::remove_file(&temporary) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    file.write_all(&output.bytes)?;
    drop(file);
    rename_over(&temporary, &path)
}

/// `rename`, tried again for a while when refused: on Windows a file open
/// elsewhere (a request being answered, an antivirus scan) cannot always
/// be replaced at once.
fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut tries = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_session_takes_the_next_folder_and_leftovers_go() {
        let root = tempfile::tempdir().expect("tempdir");
        let stale = root.path().join(".vekha-serve/site-7");
        std::fs::create_dir_all(&stale).expect("stale folder");
        std::fs::write(root.path().join(".vekha-serve/mine.txt"), "x").expect("own file");
        let mut first = Folder::take(root.path()).expect("first");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while stale.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!stale.exists(), "an earlier session's site is removed");
        assert!(root.path().join(".vekha-serve/mine.txt").exists());
        assert_eq!(first.generation(), root.path().join(".vekha-serve/site-1"));
        let second = Folder::take(root.path()).expect("second");
        assert_eq!(second.base, root.path().join(".vekha-serve-2"));
        drop(first);
        let third = Folder::take(root.path()).expect("third");
        assert_eq!(third.base, root.path().join(".vekha-serve"), "freed");
    }

    #[test]
    fn replacing_a_file_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = |bytes: &str| Output {
            path: "a/b/index.html".into(),
            bytes: bytes.as_bytes().to_vec(),
        };
        replace(dir.path(), &output("old")).expect("write");
        replace(dir.path(), &output("new")).expect("replace");
        let folder = dir.path().join("a/b");
        assert_eq!(
            std::fs::read_to_string(folder.join("index.html")).expect("read"),
            "new"
        );
        assert_eq!(std::fs::read_dir(folder).expect("list").count(), 1);
    }
}
