//! Diagnostics: what `vekha check` reports, and how it is printed.
//!
//! Every problem found while loading or validating `content/` becomes a
//! [`Diagnostic`] pointing at a byte range of a source file. Positions are kept
//! as byte ranges (cheap to carry around) and turned into line and column only
//! when printed, in the rustc style, with the offending line and a marker.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// How bad a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something worth knowing that needs no action (an unused glossary term).
    Note,
    /// Probably a mistake, but the site can still be built (`--strict` fails on it).
    Warning,
    /// The source cannot be used as it is.
    Error,
}

impl Severity {
    /// The Russian word printed before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "замечание",
            Severity::Warning => "предупреждение",
            Severity::Error => "ошибка",
        }
    }
}

/// A file in a [`SourceMap`]: its group (0 for `site.yaml`, k+1 for the
/// k-th district folder) and its index in the group. Groups let districts
/// load in parallel, and `serve` reload one district, without renumbering
/// the files of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId {
    pub group: u32,
    pub index: u32,
}

/// A byte range in one source file (after BOM removal and CRLF → LF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }

    /// The same span moved `offset` bytes further into the file; used for text
    /// that was parsed out of a larger file (a YAML block inside a plan).
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.file, self.start + offset, self.end + offset)
    }
}

/// The span of `value[start..end]` in the file text `src`, given the span
/// where `value` was written. YAML values may be quoted or folded over lines,
/// so the piece is searched for near the value (the k-th occurrence for the
/// k-th in the value); if it is not written literally, the whole value's
/// span is returned.
pub fn locate(src: &str, at: Span, value: &str, start: usize, end: usize) -> Span {
    let Some(needle) = value.get(start..end).filter(|n| !n.is_empty()) else {
        return at;
    };
    let nth = value[..start].matches(needle).count();
    let from = at.start.min(src.len());
    let mut limit = (from + value.len() * 2 + 256).min(src.len());
    // The window's end may fall inside a Cyrillic letter.
    while !src.is_char_boundary(limit) {
        limit -= 1;
    }
    let Some(window) = src.get(from..limit) else {
        return at;
    };
    match window.match_indices(needle).nth(nth) {
        Some((i, _)) => Span::new(at.file, from + i, from + i + needle.len()),
        None => at,
    }
}

/// A text and where it was written, for the spans of many pieces of it:
/// [`locate`] searches near the value for each piece, which for a long
/// prose text with many findings reads it once per finding. Prose is
/// written literally (it is a slice of the file): that is found out once,
/// and each piece's span is then its offset.
pub struct Placed<'a> {
    src: &'a str,
    at: Span,
    value: &'a str,
    literal: bool,
}

impl<'a> Placed<'a> {
    pub fn new(src: &'a str, at: Span, value: &'a str) -> Placed<'a> {
        let literal = src
            .get(at.start..)
            .is_some_and(|rest| rest.starts_with(value));
        Placed {
            src,
            at,
            value,
            literal,
        }
    }

    /// The span of `value[start..end]`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if self.literal {
            Span::new(self.at.file, self.at.start + start, self.at.start + end)
        } else {
            locate(self.src, self.at, self.value, start, end)
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where; `None` for problems of a whole folder or of the command line.
    pub span: Option<Span>,
    /// The file, when there is no span inside it (an unreadable file).
    pub path: Option<PathBuf>,
    /// What is wrong, one Russian sentence.
    pub message: String,
    /// Short text under the marker.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            span: Some(span),
            path: None,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, span, message)
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, span, message)
    }

    pub fn note(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, span, message)
    }

    /// A finding about a whole file (unreadable, wrong encoding at no known place).
    pub fn for_path(severity: Severity, path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            span: None,
            path: Some(path.to_path_buf()),
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// One loaded source file: its path for messages and its normalised text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the site root when possible).
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of the start of each line, for line/column look-ups;
    /// computed on the first look-up (most files never need it).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte range of the whole lines that `start..end` touches, and
    /// the 1-based number of the first.
    fn lines_around(&self, start: usize, end: usize) -> (std::ops::Range<usize>, usize) {
        let starts = self.line_starts();
        let first = starts.partition_point(|&s| s <= start).max(1) - 1;
        let from = starts.get(first).copied().unwrap_or(0);
        let to = self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i);
        (from..to, first + 1)
    }

    /// Byte offset of a 1-based line and character column; clamps to the text.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find('\n').map_or(rest.len(), |i| i);
        rest[..line_end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }
}

/// All source files of a site, addressed by [`FileId`].
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// The group that `add` puts files in.
    group: u32,
    groups: std::collections::BTreeMap<u32, Vec<SourceFile>>,
    /// Returned for an id the map does not hold (never for a loaded span).
    missing: SourceFile,
}

impl Default for SourceMap {
    fn default() -> SourceMap {
        SourceMap::for_group(0)
    }
}

impl SourceMap {
    /// An empty map whose files will belong to `group`.
    pub fn for_group(group: u32) -> SourceMap {
        SourceMap {
            group,
            groups: Default::default(),
            missing: SourceFile::new(PathBuf::new(), String::new()),
        }
    }

    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let files = self.groups.entry(self.group).or_default();
        files.push(SourceFile::new(path, text));
        FileId {
            group: self.group,
            index: (files.len() - 1) as u32,
        }
    }

    /// Takes the groups of `other`, replacing groups of the same number.
    pub fn absorb(&mut self, other: SourceMap) {
        self.groups.extend(other.groups);
    }

    /// Forgets the texts of every file not in `keep` (their paths stay).
    /// A large build keeps only what its warnings point into: the texts of
    /// 10,000 plans are a quarter of a gigabyte.
    pub fn keep_only(&mut self, keep: &std::collections::HashSet<FileId>) {
        for (&group, files) in self.groups.iter_mut() {
            for (index, file) in files.iter_mut().enumerate() {
                let id = FileId {
                    group,
                    index: index as u32,
                };
                if !keep.contains(&id) {
                    *file = SourceFile::new(std::mem::take(&mut file.path), String::new());
                }
            }
        }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        self.groups
            .get(&id.group)
            .and_then(|g| g.get(id.index as usize))
            .unwrap_or(&self.missing)
    }

    /// `file:line:column` of a span, as printed in messages and used by tests.
    pub fn location(&self, span: Span) -> String {
        let file = self.get(span.file);
        let (line, col) = file.line_col(span.start);
        format!("{}:{}:{}", file.path.display(), line, col)
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file)
            .text
            .get(span.start..span.end)
            .unwrap_or("")
    }
}

/// A system error (`No space left on device (os error 28)`) in Russian:
/// what happened, and the system's own code for whoever needs it. The
/// English text the system gives never reaches the user.
pub fn os_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "нет такого файла или папки",
        K::PermissionDenied => "нет прав доступа (или файл открыт в другой программе)",
        K::AlreadyExists => "файл или папка с таким именем уже есть",
        K::StorageFull => "на диске не осталось места",
        K::QuotaExceeded => "исчерпана квота на диске",
        K::ReadOnlyFilesystem => "диск доступен только для чтения",
        K::NotADirectory => "часть пути — файл, а не папка",
        K::IsADirectory => "это папка, а не файл",
        K::DirectoryNotEmpty => "папка не пуста",
        K::ResourceBusy => "файл или папка заняты другой программой",
        K::InvalidFilename => "недопустимое имя файла или слишком длинный путь",
        K::FileTooLarge => "файл слишком велик",
        K::CrossesDevices => "нельзя перенести между разными дисками",
        K::TooManyLinks => "слишком много ссылок в пути",
        K::AddrInUse => "адрес уже занят другой программой",
        K::AddrNotAvailable => "такого адреса нет у этого компьютера",
        K::OutOfMemory => "не хватило памяти",
        K::TimedOut => "истекло время ожидания",
        K::Interrupted | K::WouldBlock => "операция прервана",
        K::InvalidData | K::UnexpectedEof => "данные повреждены или не в том формате",
        _ => "системная ошибка",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what} (код системы {code})"),
        None => what.to_string(),
    }
}

/// What to do about a failed write, by its cause.
pub fn write_help(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => "освободите место на диске и запустите команду снова",
        K::PermissionDenied | K::ResourceBusy => "проверьте, что папка доступна для записи; закройте программы, в которых открыты файлы сайта (браузер, Word, архиватор), и запустите команду снова",
        K::ReadOnlyFilesystem => "соберите сайт на диск, доступный для записи (`--out ПАПКА`)",
        K::InvalidFilename => "сократите путь: перенесите сайт в папку ближе к корню диска",
        _ => "проверьте, что папка доступна для записи и диск не заполнен",
    }
}

/// Whether any of the diagnostics is an error (nothing may be built then).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Prints diagnostics in the rustc style. `color` adds ANSI colours.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
    .with_name(diagnostic.severity.label());
    let help = diagnostic
        .help
        .as_deref()
        .map(|h| Level::HELP.with_name("подсказка").message(h));

    let Some(span) = diagnostic.span else {
        let mut out = String::new();
        let _ = write!(
            out,
            "{}: {}",
            diagnostic.severity.label(),
            diagnostic.message
        );
        if let Some(path) = &diagnostic.path {
            let _ = write!(out, "\n  --> {}", path.display());
        }
        if let Some(h) = &diagnostic.help {
            let _ = write!(out, "\n   = подсказка: {h}");
        }
        return out;
    };
    let file = sources.get(span.file);
    let path = file.path.display().to_string();
    let end = span.end.clamp(span.start, file.text.len());
    let start = span.start.min(end);
    // Only the lines the span covers go to the renderer: given the whole
    // file, it would read all of it for every message, and many messages
    // in one large file would take time quadratic in its size.
    let (lines, first_line) = file.lines_around(start, end);
    let mut annotation = AnnotationKind::Primary.span(start - lines.start..end - lines.start);
    if let Some(label) = &diagnostic.label {
        annotation = annotation.label(label.as_str());
    }
    let snippet = Snippet::source(&file.text[lines])
        .line_start(first_line)
        .path(path.as_str())
        .annotation(annotation);
    let mut group = level
        .primary_title(diagnostic.message.as_str())
        .element(snippet);
    if let Some(help) = help {
        group = group.element(help);
    }
    renderer.render(&[group])
}

/// Counts of findings by severity, for the closing summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut t = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_are_told_in_russian() {
        let full = std::io::Error::from_raw_os_error(28);
        let text = os_error(&full);
        if cfg!(unix) {
            assert_eq!(text, "на диске не осталось места (код системы 28)");
            assert!(write_help(&full).contains("освободите место"));
        }
        let other = std::io::Error::other("boom");
        assert_eq!(os_error(&other), "системная ошибка");
    }

    #[test]
    fn a_piece_is_found_when_the_search_window_ends_inside_a_letter() {
        // The window is the value's length twice plus 256 bytes: here it
        // ends in the middle of a two-byte letter.
        let value = "Комитет, руководители";
        for pad in 0..4 {
            let src = format!("{value}{}{}", "я".repeat(150), "x".repeat(pad));
            let at = Span::new(FileId::default(), 0, value.len());
            let start = value.find("руководители").unwrap_or(0);
            let found = locate(&src, at, value, start, value.len());
            assert_eq!((found.start, found.end), (start, value.len()), "pad {pad}");
        }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md".into(), "привет\nмир: да\n".into());
        let off = f.text.find("да").unwrap();
        assert_eq!(f.line_col(off), (2, 6));
        assert_eq!(f.offset_of(2, 6), off);
        assert_eq!(f.line_col(0), (1, 1));
    }

    #[test]
    fn rendered_diagnostic_names_file_line_and_marks_the_text() {
        let mut map = SourceMap::default();
        let id = map.add(
            "content/a/district.yaml".into(),
            "name: Район\nkind: x\n".into(),
        );
        let start = map.get(id).text.find('x').unwrap();
        let d = Diagnostic::error(Span::new(id, start, start + 1), "неизвестный уровень")
            .with_label("здесь")
            .with_help("напишите city_district");
        let out = render(&d, &map, false);
        assert!(out.starts_with("ошибка: неизвестный уровень"), "{out}");
        assert!(out.contains("content/a/district.yaml:2:7"), "{out}");
        assert!(out.contains("kind: x"), "{out}");
        assert!(out.contains("^ здесь"), "{out}");
        assert!(out.contains("подсказка: напишите city_district"), "{out}");
    }
}
