//! Files named by Windows habits: `план.md.txt` (Notepad adds `.txt`,
//! Explorer hides it), `план.MD`, `district.yml`, `Site.yaml`. They are
//! recognised, read where that is safe (never when the right name is
//! taken too: a plan would be read twice), and warned about with how to
//! rename them, as a warning `--quiet` does not hide.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::shown_path;
use crate::diagnostics::{Diagnostic, Severity};

/// Files that Windows, Office and the Mac leave in folders on their own:
/// Explorer's `desktop.ini` and `Thumbs.db`, the owner file `~$План.docx`
/// Word keeps beside an open document, its `~WRL0001.tmp`, LibreOffice's
/// `.~lock.План.docx#`, the Mac's `.DS_Store`. Nobody put them there to be
/// published or reported: they are passed over in silence.
pub(super) fn is_clutter(name: &str) -> bool {
    let lower = name.to_lowercase();
    matches!(
        lower.as_str(),
        "desktop.ini" | "thumbs.db" | "ehthumbs.db" | ".ds_store"
    ) || lower.starts_with("~$")
        || lower.starts_with(".~lock.")
        || (lower.starts_with("~wr") && lower.ends_with(".tmp"))
}

/// The file `wanted` in `dir`, or, when it is missing, the one file there
/// whose name is a Windows habit away from it (`district.yml`,
/// `site.yaml.txt`, `District.YAML`), read in its place with a warning.
/// Without either, the path of `wanted` (whose absence the caller reports).
pub(super) fn found_as(
    root: &Path,
    dir: &Path,
    names: &HashSet<String>,
    wanted: &str,
    diags: &mut Vec<Diagnostic>,
) -> PathBuf {
    let path = dir.join(wanted);
    // `exists` too: on a disk that ignores case, `District.yaml` is it.
    if names.contains(wanted) || path.exists() {
        return path;
    }
    let near = names
        .iter()
        .filter(|n| intended_name(n).as_deref() == Some(wanted))
        .min();
    match near {
        Some(name) => {
            let found = dir.join(name);
            diags.push(misnamed(&shown_path(root, &found), name, wanted, true));
            found
        }
        None => path,
    }
}

/// The names of the entries of `dir`, exactly as written.
pub(super) fn file_names(dir: &Path) -> HashSet<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Whether the entry `name` of a folder whose entries are `names_here`
/// is the file at `path`: the same name, or (on a disk that ignores
/// case, where `District.yaml` opens as `district.yaml`) the same but
/// for case, when no entry has the exact name.
pub(super) fn same_file_name(name: &str, path: &Path, names_here: &HashSet<String>) -> bool {
    let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == file || name.eq_ignore_ascii_case(file) && !names_here.contains(file)
}

/// The name a file was meant to have, when its own is a Windows habit
/// away from a name Vekha reads: Notepad's `.txt` after `.md` or `.yaml`
/// (Explorer hides it), an extension in capitals, `.yml` for `.yaml`.
pub(super) fn intended_name(name: &str) -> Option<String> {
    let cut = |suffix: &str| -> Option<&str> {
        let at = name.len().checked_sub(suffix.len())?;
        let tail = name.get(at..)?;
        tail.eq_ignore_ascii_case(suffix).then(|| &name[..at])
    };
    let stem_of = |suffixes: &[&str]| suffixes.iter().find_map(|s| cut(s));
    let intended = if let Some(stem) = stem_of(&[".md.txt", ".md"]) {
        format!("{stem}.md")
    } else if let Some(stem) = stem_of(&[".yaml.txt", ".yml.txt", ".yaml", ".yml"]) {
        let stem = stem.to_lowercase();
        if stem != "district" && stem != "site" {
            return None;
        }
        format!("{stem}.yaml")
    } else {
        return None;
    };
    (intended != name).then_some(intended)
}

/// The warning for a file to rename (`read`: whether it is read anyway).
pub(super) fn misnamed(shown: &Path, name: &str, right: &str, read: bool) -> Diagnostic {
    let what = if read {
        format!("файл называется «{name}», а должен называться «{right}»; он прочитан, но переименуйте его")
    } else {
        format!("файл называется «{name}», а должен называться «{right}»; он не читается: файл с таким именем уже есть")
    };
    let show = "включите в Проводнике показ расширений («Вид → Расширения имён файлов», в Windows 11 «Просмотреть → Показать → Расширения имён файлов»)";
    let how = if name.to_lowercase().ends_with(".txt") {
        format!("Блокнот добавил к имени «.txt», а Проводник Windows его скрывает: {show} и уберите «.txt» из имени; при сохранении в Блокноте выбирайте «Тип файла: Все файлы»")
    } else {
        format!("{show} и переименуйте файл (F2); если файл с правильным именем уже есть, перенесите нужные строки в него, а этот удалите")
    };
    Diagnostic::for_path(Severity::Warning, shown, what).with_help(how)
}
