//! A Word file's text in reading order: paragraphs (style, heading level,
//! the number Word shows) and tables (cells with their merges), footnotes.
//!
//! The XML parts are streamed with quick-xml, so memory grows with the
//! text kept, not with the file, and the text kept is limited (`MAX_TEXT`);
//! tables nested in cells deeper than `MAX_NESTING` are kept as text, the
//! old readers' copy of a text box (`mc:Fallback`) is skipped. What Word
//! would not show is dropped:
//! deleted tracked changes (insertions count as accepted), field codes
//! (their results stay), formatting. Soft hyphens go; non-breaking spaces
//! become spaces, for the typography of the site sets its own.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::numbering::{Format, Label, Level, List, Numbering};
use super::xml::{attr, name, reference, stream};

/// A document's content.
#[derive(Debug, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Footnote id → text; the text refers to them as `[^id]`.
    pub footnotes: Vec<(String, String)>,
}

#[derive(Debug)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The style's name as Word shows it («heading 1», «List Paragraph»).
    pub style: Option<String>,
    /// 1 for «Заголовок 1» / «heading 1» or outline level 0, and so on.
    pub heading: Option<u8>,
    /// The number or bullet Word shows before the text.
    pub label: Option<Label>,
    /// The list level (0 at the top).
    pub level: usize,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    /// A table inside a cell, as that cell's lines: a row a line, its
    /// cells joined by « | ».
    pub fn as_lines(&self) -> impl Iterator<Item = Paragraph> + '_ {
        self.rows.iter().map(|row| {
            let texts: Vec<String> = row.cells.iter().map(Cell::text).collect();
            Paragraph {
                text: texts.join(" | "),
                ..Paragraph::default()
            }
        })
    }
}

#[derive(Debug, Default, Clone)]
pub struct Row {
    /// Repeated at the top of each page (`w:tblHeader`).
    pub header: bool,
    pub cells: Vec<Cell>,
    /// Its number in the document's table or the sheet (1-based; 0 when
    /// not known), for telling the webmaster where to look.
    pub number: usize,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub paragraphs: Vec<Paragraph>,
    /// Grid columns the cell takes (`w:gridSpan`).
    pub span: usize,
    pub merge: Merge,
}

impl Cell {
    /// The cell's text: its paragraphs, each after its number, one a line.
    pub fn text(&self) -> String {
        let lines: Vec<String> = self.paragraphs.iter().map(Paragraph::labelled).collect();
        lines.join("\n").trim().to_string()
    }
}

impl Paragraph {
    /// The text after the number or bullet Word shows.
    pub fn labelled(&self) -> String {
        match &self.label {
            Some(Label::Number(n)) if self.text.is_empty() => n.clone(),
            Some(Label::Number(n)) => format!("{n} {}", self.text),
            Some(Label::Bullet) => format!("• {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A vertical merge (`w:vMerge`): the first cell holds the text, the cells
/// below it continue it and are empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    None,
    Start,
    Continue,
}

/// Why a file could not be read, told in Russian.
#[derive(Debug)]
pub enum ReadError {
    /// An OLE file: old binary Word (.doc) or a password-protected DOCX.
    OldWord,
    NotOffice,
    /// An OpenDocument file whose parts are encrypted with a password.
    Password,
    Missing(&'static str),
    Xml {
        part: &'static str,
        at: u64,
    },
    /// More text than any plan holds: a broken file or a zip bomb.
    TooLarge,
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReadError::OldWord => f.write_str("это файл старого формата (.doc, .xls) или файл, защищённый паролем: Vekha читает .docx, .odt, .xlsx и .ods. Откройте его в Word, Excel или LibreOffice, снимите пароль, если он есть, и сохраните как «Документ Word (*.docx)» или «Книга Excel (*.xlsx)»"),
            ReadError::NotOffice => f.write_str("файл не похож на документ Word или LibreOffice, книгу Excel или Calc: внутри нет архива, в котором они хранятся. Откройте его в Word, Excel или LibreOffice и сохраните как «Документ Word (*.docx)» или «Книга Excel (*.xlsx)»"),
            ReadError::Password => f.write_str("файл защищён паролем: откройте его в LibreOffice, сохраните копию без пароля («Файл → Сохранить как», снимите флажок «Сохранить с паролем») и импортируйте её"),
            ReadError::Missing(part) => write!(f, "в файле нет части {part}: это не документ (.docx, .odt) и не таблица (.xlsx, .ods), или файл повреждён"),
            ReadError::TooLarge => f.write_str("в файле больше текста, чем бывает в плане (десятки мегабайт): вероятно, он повреждён. Откройте его в Word или Excel и сохраните заново"),
            ReadError::Xml { part, at } => write!(f, "файл повреждён: часть {part} не читается после байта {at}. Откройте его в Word или LibreOffice и сохраните заново"),
            ReadError::Io(e) => f.write_str(&crate::diagnostics::os_error(e)),
        }
    }
}

/// Reads a DOCX file.
pub fn read(path: &Path) -> Result<Document, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    read_from(file)
}

/// The most grid columns a cell may span.
pub const MAX_COLUMNS: usize = 64;

/// The first bytes of an OLE compound file: a `.doc`, or a DOCX that Word
/// encrypted with a password.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The zip archive every Office file is: an OLE file (an old `.doc` or
/// `.xls`, or an Office file Word or Excel encrypted with a password) and
/// anything else that is not a zip are told apart, for each needs its own
/// advice.
pub(super) fn open_archive<R: Read + Seek>(mut source: R) -> Result<zip::ZipArchive<R>, ReadError> {
    let mut magic = [0u8; 8];
    let got = source.read(&mut magic).map_err(ReadError::Io)?;
    if got == magic.len() && magic == OLE_MAGIC {
        return Err(ReadError::OldWord);
    }
    source.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    zip::ZipArchive::new(source).map_err(|_| ReadError::NotOffice)
}

/// Reads a DOCX from any seekable source.
pub fn read_from<R: Read + Seek>(source: R) -> Result<Document, ReadError> {
    let mut archive = open_archive(source)?;
    let styles = match archive.by_name("word/styles.xml") {
        Ok(part) => read_styles(BufReader::new(part))?,
        Err(_) => HashMap::new(),
    };
    let mut numbering = match archive.by_name("word/numbering.xml") {
        Ok(part) => read_numbering(BufReader::new(part))?,
        Err(_) => Numbering::default(),
    };
    let footnotes = match archive.by_name("word/footnotes.xml") {
        Ok(part) => read_footnotes(BufReader::new(part))?,
        Err(_) => Vec::new(),
    };
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| ReadError::Missing("word/document.xml"))?;
    let mut builder = Builder::new(&styles, &mut numbering);
    stream(BufReader::new(part), "word/document.xml", |event| {
        builder.event(event)
    })?;
    if builder.text_bytes > MAX_TEXT {
        return Err(ReadError::TooLarge);
    }
    Ok(Document {
        blocks: builder.blocks,
        footnotes,
    })
}

// ---------------------------------------------------------------------------
// Styles and numbering

/// What a paragraph style gives its paragraphs.
#[derive(Debug, Default, Clone)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    numbering: Option<(String, usize)>,
}

fn read_styles<R: BufRead>(source: R) -> Result<HashMap<String, Style>, ReadError> {
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut level = 0;
    stream(source, "word/styles.xml", |event| match event {
        Event::Start(e) | Event::Empty(e) => match name(&e) {
            "style" => current = attr(&e, "styleId").map(|id| (id, Style::default())),
            "name" => set_style(&mut current, |s| s.name = attr(&e, "val")),
            "basedOn" => set_style(&mut current, |s| s.based_on = attr(&e, "val")),
            "outlineLvl" => set_style(&mut current, |s| {
                s.outline = attr(&e, "val").and_then(|v| v.parse().ok())
            }),
            "ilvl" => level = number_attr(&e).min(8),
            "numId" => set_style(&mut current, |s| {
                s.numbering = attr(&e, "val").map(|id| (id, level))
            }),
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == "style" => {
            if let Some((id, style)) = current.take() {
                styles.insert(id, style);
            }
            level = 0;
        }
        _ => {}
    })?;
    Ok(styles)
}

fn set_style(current: &mut Option<(String, Style)>, set: impl FnOnce(&mut Style)) {
    if let Some((_, style)) = current {
        set(style);
    }
}

fn number_attr(e: &BytesStart) -> usize {
    attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The `w:ilvl` attribute of a level or an override.
fn level_attr(e: &BytesStart) -> usize {
    attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn read_numbering<R: BufRead>(source: R) -> Result<Numbering, ReadError> {
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut levels: Vec<Level> = Vec::new();
    let mut level: Option<usize> = None;
    let mut list: Option<(String, List)> = None;
    let mut override_level: Option<usize> = None;
    // A definition may take its levels from a list style: `numStyleLink`
    // names the style, `styleLink` marks the definition that holds them.
    let mut holders: HashMap<String, String> = HashMap::new();
    let mut linked: HashMap<String, String> = HashMap::new();
    stream(source, "word/numbering.xml", |event| match event {
        Event::Start(e) | Event::Empty(e) => match name(&e) {
            "abstractNum" => {
                abstract_id = attr(&e, "abstractNumId");
                levels.clear();
            }
            // A level inside an override is the override's own; a list's
            // start values are what Vekha reads of it.
            "lvl" if list.is_none() => {
                let k = level_attr(&e).min(8);
                if levels.len() <= k {
                    levels.resize(k + 1, Level::default());
                }
                level = Some(k);
            }
            "start" => {
                if let Some(l) = level.and_then(|k| levels.get_mut(k)) {
                    l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                }
            }
            "numFmt" => {
                if let Some(l) = level.and_then(|k| levels.get_mut(k)) {
                    l.format = Format::parse(&attr(&e, "val").unwrap_or_default());
                }
            }
            "lvlText" => {
                if let Some(l) = level.and_then(|k| levels.get_mut(k)) {
                    l.text = attr(&e, "val").unwrap_or_default();
                }
            }
            "num" => {
                list = attr(&e, "numId").map(|id| (id, List::default()));
            }
            "abstractNumId" => {
                if let (Some((_, l)), Some(id)) = (&mut list, attr(&e, "val")) {
                    l.abstract_id = id;
                }
            }
            "styleLink" => {
                if let (Some(id), Some(style)) = (&abstract_id, attr(&e, "val")) {
                    holders.insert(style, id.clone());
                }
            }
            "numStyleLink" => {
                if let (Some(id), Some(style)) = (&abstract_id, attr(&e, "val")) {
                    linked.insert(id.clone(), style);
                }
            }
            "lvlOverride" => override_level = Some(level_attr(&e)),
            "startOverride" => {
                let start = attr(&e, "val").and_then(|v| v.parse().ok());
                if let (Some((_, l)), Some(k), Some(start)) = (&mut list, override_level, start) {
                    l.restarts.push((k, start));
                }
            }
            _ => {}
        },
        Event::End(e) => match e.local_name().as_ref() {
            "lvl" => level = None,
            "abstractNum" => {
                if let Some(id) = abstract_id.take() {
                    numbering.abstracts.insert(id, std::mem::take(&mut levels));
                }
            }
            "num" => {
                if let Some((id, l)) = list.take() {
                    numbering.lists.insert(id, l);
                }
            }
            "lvlOverride" => override_level = None,
            _ => {}
        },
        _ => {}
    })?;
    // Lists of a definition linked to a list style count with the
    // definition that holds the style's levels, as in Word.
    for list in numbering.lists.values_mut() {
        let holder = linked
            .get(&list.abstract_id)
            .and_then(|style| holders.get(style));
        if let Some(holder) = holder {
            list.abstract_id = holder.clone();
        }
    }
    Ok(numbering)
}

fn read_footnotes<R: BufRead>(source: R) -> Result<Vec<(String, String)>, ReadError> {
    let mut notes = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    stream(source, "word/footnotes.xml", |event| match event {
        Event::Start(e) => match name(&e) {
            // Separators are the lines Word draws above the notes.
            "footnote" if attr(&e, "type").is_none() => {
                current = attr(&e, "id").map(|id| (id, String::new()))
            }
            "t" => in_text = true,
            _ => {}
        },
        Event::Empty(e) if name(&e) == "tab" => push_note(&mut current, " "),
        Event::Text(t) if in_text => push_note(&mut current, &t.xml10_content()),
        Event::GeneralRef(r) if in_text => push_note(&mut current, &reference(&r)),
        Event::End(e) => match e.local_name().as_ref() {
            "t" => in_text = false,
            "p" => push_note(&mut current, "\n"),
            "footnote" => {
                if let Some((id, text)) = current.take() {
                    notes.push((id, normalise(&text)));
                }
            }
            _ => {}
        },
        _ => {}
    })?;
    Ok(notes)
}

fn push_note(current: &mut Option<(String, String)>, text: &str) {
    if let Some((_, note)) = current {
        note.push_str(text);
    }
}

/// Soft hyphens dropped, non-breaking spaces as spaces, ends trimmed.
pub(super) fn normalise(text: &str) -> String {
    text.replace('\u{ad}', "")
        .replace('\u{a0}', " ")
        .trim()
        .to_string()
}

// ---------------------------------------------------------------------------
// The document

/// A paragraph being read, with what its properties say.
#[derive(Debug, Default)]
struct Open {
    style_id: Option<String>,
    num_id: Option<String>,
    level: usize,
    text: String,
}

/// The reading state of `word/document.xml`.
struct Builder<'a> {
    styles: &'a HashMap<String, Style>,
    numbering: &'a mut Numbering,
    blocks: Vec<Block>,
    /// Tables being read; more than one when a cell holds a table.
    tables: Vec<Table>,
    /// Paragraphs being read; more than one inside a text box.
    paragraphs: Vec<Open>,
    in_text: bool,
    /// Depth inside deleted text (`w:del`, `w:moveFrom`).
    deleted: usize,
    /// Depth inside a record of old properties (`w:pPrChange`…).
    changed: usize,
    /// Depth inside a run: tabs and breaks count only there.
    runs: usize,
    /// Depth inside `mc:Fallback`: the copy of a text box for old readers.
    fallback: usize,
    /// Tables nested deeper than `MAX_NESTING`: their text stays in the
    /// cell that holds them.
    flattened: usize,
    /// Bytes of text read, against `MAX_TEXT`.
    text_bytes: usize,
}

/// How deep tables in cells are kept as tables.
const MAX_NESTING: usize = 8;

/// The most text a document may hold (a zip bomb is refused, not read).
pub const MAX_TEXT: usize = 64 * 1024 * 1024;

impl<'a> Builder<'a> {
    fn new(styles: &'a HashMap<String, Style>, numbering: &'a mut Numbering) -> Builder<'a> {
        Builder {
            styles,
            numbering,
            blocks: Vec::new(),
            tables: Vec::new(),
            paragraphs: Vec::new(),
            in_text: false,
            deleted: 0,
            changed: 0,
            runs: 0,
            fallback: 0,
            flattened: 0,
            text_bytes: 0,
        }
    }

    fn event(&mut self, event: Event) {
        if self.fallback > 0 {
            match &event {
                Event::Start(e) if name(e) == "Fallback" => self.fallback += 1,
                Event::End(e) if e.local_name().as_ref() == "Fallback" => self.fallback -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(e) => self.start(&e, false),
            Event::Empty(e) => self.start(&e, true),
            Event::End(e) => self.end(e.local_name().as_ref()),
            Event::Text(t) if self.in_text && self.deleted == 0 => {
                self.push_text(&t.xml10_content())
            }
            Event::GeneralRef(r) if self.in_text && self.deleted == 0 => {
                self.push_text(&reference(&r))
            }
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let element = name(e);
        if self.changed > 0 {
            if !empty && element.ends_with("Change") {
                self.changed += 1;
            }
            return;
        }
        if self.flattened > 0
            && matches!(
                element,
                "tbl" | "tr" | "tc" | "gridSpan" | "vMerge" | "tblHeader"
            )
        {
            if element == "tbl" && !empty {
                self.flattened += 1;
            }
            return;
        }
        match element {
            "Fallback" if !empty => self.fallback += 1,
            "tbl" if !empty && self.tables.len() >= MAX_NESTING => self.flattened += 1,
            "tbl" if !empty => self.tables.push(Table::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Row {
                        number: t.rows.len() + 1,
                        ..Row::default()
                    });
                }
            }
            "tblHeader" => {
                let on = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.header = on;
                }
            }
            "tc" if !empty => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.cells.push(Cell {
                        paragraphs: Vec::new(),
                        span: 1,
                        merge: Merge::None,
                    });
                }
            }
            "gridSpan" => {
                // Word allows 63 columns; a larger span is a broken file.
                let span = number_attr(e).clamp(1, MAX_COLUMNS);
                if let Some(cell) = self.cell() {
                    cell.span = span;
                }
            }
            "vMerge" => {
                let merge = match attr(e, "val").as_deref() {
                    Some("restart") => Merge::Start,
                    _ => Merge::Continue,
                };
                if let Some(cell) = self.cell() {
                    cell.merge = merge;
                }
            }
            "p" => {
                self.paragraphs.push(Open::default());
                if empty {
                    self.end("p");
                }
            }
            "pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style_id = attr(e, "val");
                }
            }
            "ilvl" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.level = number_attr(e).min(8);
                }
            }
            "numId" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.num_id = attr(e, "val");
                }
            }
            "r" if !empty => self.runs += 1,
            "t" if !empty => self.in_text = true,
            "tab" if self.runs > 0 => self.push_text("\t"),
            "br" | "cr" if self.runs > 0 => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            "footnoteReference" => {
                if let Some(id) = attr(e, "id") {
                    self.push_text(&format!("[^{id}]"));
                }
            }
            "del" | "moveFrom" if !empty => self.deleted += 1,
            _ if !empty && element.ends_with("PrChange") => self.changed += 1,
            _ => {}
        }
    }

    fn end(&mut self, element: &str) {
        if self.changed > 0 {
            if element.ends_with("Change") {
                self.changed -= 1;
            }
            return;
        }
        if element == "tbl" && self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        match element {
            "t" => self.in_text = false,
            "r" => self.runs = self.runs.saturating_sub(1),
            "del" | "moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            "p" => self.finish_paragraph(),
            "tbl" => self.finish_table(),
            _ => {}
        }
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        self.tables
            .last_mut()
            .and_then(|t| t.rows.last_mut())
            .and_then(|r| r.cells.last_mut())
    }

    fn push_text(&mut self, text: &str) {
        if self.deleted > 0 || self.text_bytes > MAX_TEXT {
            return;
        }
        self.text_bytes += text.len();
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(text);
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(open) = self.paragraphs.pop() else {
            return;
        };
        let paragraph = self.paragraph(open);
        // A text box's paragraph belongs to the paragraph around it.
        if let Some(outer) = self.paragraphs.last_mut() {
            if !paragraph.text.is_empty() {
                outer.text.push(' ');
                outer.text.push_str(&paragraph.labelled());
            }
            return;
        }
        match self.cell() {
            Some(cell) => cell.paragraphs.push(paragraph),
            None => self.blocks.push(Block::Paragraph(paragraph)),
        }
    }

    /// The style's name, heading level and Word's number of a paragraph.
    fn paragraph(&mut self, open: Open) -> Paragraph {
        let style = open.style_id.as_deref().and_then(|id| self.styles.get(id));
        let inherited = open
            .style_id
            .as_deref()
            .and_then(|id| self.style_numbering(id));
        let (num_id, level) = match (open.num_id, inherited) {
            (Some(id), _) => (Some(id), open.level),
            (None, Some((id, level))) => (Some(id), level),
            (None, None) => (None, 0),
        };
        // numId 0 takes a style's numbering away.
        let label = num_id
            .filter(|id| id != "0")
            .and_then(|id| self.numbering.next(&id, level));
        Paragraph {
            style: style.and_then(|s| s.name.clone()),
            heading: open.style_id.as_deref().and_then(|id| self.heading(id)),
            label,
            level,
            text: normalise(&open.text),
        }
    }

    /// A style's list, from the style or the styles it is based on.
    fn style_numbering(&self, id: &str) -> Option<(String, usize)> {
        self.style_chain(id).find_map(|s| s.numbering.clone())
    }

    /// «heading 2», «Заголовок 2» or outline level 1 → 2.
    fn heading(&self, id: &str) -> Option<u8> {
        self.style_chain(id).find_map(|s| {
            let by_outline = s.outline.filter(|l| *l < 9).map(|l| l + 1);
            let named = s.name.as_deref().map(str::to_lowercase).and_then(|n| {
                let level = n
                    .strip_prefix("heading ")
                    .or_else(|| n.strip_prefix("заголовок "))?;
                level.trim().parse::<u8>().ok()
            });
            by_outline.or(named)
        })
    }

    /// The style and those it is based on, at most ten deep (a loop in a
    /// broken file ends there).
    fn style_chain<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = self.styles.get(id);
        std::iter::from_fn(move || {
            let style = next?;
            next = style.based_on.as_deref().and_then(|b| self.styles.get(b));
            Some(style)
        })
        .take(10)
    }

    /// A finished table; one inside a cell becomes that cell's lines.
    fn finish_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        match self.cell() {
            Some(cell) => cell.paragraphs.extend(table.as_lines()),
            None => self.blocks.push(Block::Table(table)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    /// A DOCX made by hand: the given parts, zipped.
    fn docx(parts: &[(&str, String)]) -> Vec<u8> {
        super::super::xml::zipped(parts)
    }

    fn body(inner: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{inner}</w:body></w:document>")
    }

    fn read_parts(parts: &[(&str, String)]) -> Document {
        read_from(std::io::Cursor::new(docx(parts))).expect("readable")
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.labelled(),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(Cell::text)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="8"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    fn numbered(list: &str, level: usize, text: &str) -> String {
        format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{list}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn automatic_numbers_are_replayed() {
        let paragraphs = [
            numbered("1", 0, "Организационные мероприятия"),
            numbered("1", 1, "Совещание"),
            numbered("1", 1, "Семинар"),
            numbered("1", 0, "Методическое сопровождение"),
            numbered("1", 1, "Курсы"),
            numbered("2", 0, "Пункт с новым началом"),
            numbered("0", 0, "Без номера"),
        ];
        let doc = read_parts(&[
            ("word/document.xml", body(&paragraphs.concat())),
            ("word/numbering.xml", NUMBERING.to_string()),
        ]);
        assert_eq!(
            texts(&doc),
            [
                "I. Организационные мероприятия",
                "I.1. Совещание",
                "I.2. Семинар",
                "II. Методическое сопровождение",
                "II.1. Курсы",
                "1) Пункт с новым началом",
                "Без номера",
            ]
        );
    }

    #[test]
    fn numbering_through_a_list_style() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:abstractNum w:abstractNumId="1"><w:styleLink w:val="Plan"/>
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="Plan"/></w:abstractNum>
          <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
          <w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>
        </w:numbering>"#;
        let doc = read_parts(&[
            (
                "word/document.xml",
                body(&[numbered("5", 0, "Первый"), numbered("6", 0, "Второй")].concat()),
            ),
            ("word/numbering.xml", numbering.to_string()),
        ]);
        assert_eq!(texts(&doc), ["1. Первый", "2. Второй"]);
    }

    /// What Word itself writes and LibreOffice does not: content controls
    /// at block, cell and run level, smart tags and custom XML, proofing
    /// and bookmark marks, simple fields, `w:softHyphen` and `w:sym`
    /// elements, revision ids, a text box in `mc:AlternateContent` with its
    /// VML copy for old readers, pretty-printed XML.
    #[test]
    fn what_word_writes_reads_as_word_shows_it() {
        let xml = r#"
            <w:sdt><w:sdtPr><w:alias w:val="Заголовок"/><w:tag w:val="title"/></w:sdtPr>
              <w:sdtContent>
                <w:p w14:paraId="1A2B3C4D" w:rsidR="00A1" w:rsidRDefault="00A1">
                  <w:r w:rsidRPr="00B2"><w:t>ПЛАН</w:t></w:r>
                  <w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve"> мероприятий</w:t></w:r><w:proofErr w:type="spellEnd"/>
                </w:p>
              </w:sdtContent>
            </w:sdt>
            <w:p>
              <w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:lastRenderedPageBreak/><w:t>Срок: до</w:t></w:r>
              <w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date"><w:r><w:t xml:space="preserve"> 1 марта</w:t></w:r></w:smartTag>
              <w:customXml w:element="year"><w:r><w:t xml:space="preserve"> 2023</w:t></w:r></w:customXml><w:bookmarkEnd w:id="0"/>
              <w:fldSimple w:instr=" DOCPROPERTY Owner "><w:r><w:t xml:space="preserve"> ИМЦ</w:t></w:r></w:fldSimple>
              <w:r><w:t xml:space="preserve"> обу</w:t><w:softHyphen/><w:t>чение</w:t><w:sym w:font="Symbol" w:char="F0B7"/></w:r>
              <w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> [дата]</w:t></w:r></w:sdtContent></w:sdt>
            </w:p>
            <w:p><w:r><w:t>До врезки</w:t></w:r>
              <mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
                <w:p><w:r><w:t>Текст во врезке</w:t></w:r></w:p>
              </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
              <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Текст во врезке</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>
              </mc:AlternateContent>
            </w:p>
            <w:tbl>
              <w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblLook w:val="04A0"/></w:tblPr>
              <w:tblGrid><w:gridCol w:w="700"/><w:gridCol w:w="5000"/></w:tblGrid>
              <w:tr w:rsidR="00C3"><w:trPr><w:tblHeader/></w:trPr>
                <w:tc><w:tcPr><w:tcW w:w="700" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>№</w:t></w:r></w:p></w:tc>
                <w:sdt><w:sdtPr><w:tag w:val="cell"/></w:sdtPr><w:sdtContent>
                  <w:tc><w:tcPr><w:tcW w:w="5000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>Мероприятие</w:t></w:r></w:p></w:tc>
                </w:sdtContent></w:sdt>
              </w:tr>
            </w:tbl>
        "#;
        let namespaces = "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
            xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
            xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
            xmlns:v=\"urn:schemas-microsoft-com:vml\"";
        let document = body(xml).replacen(W, &format!("{W} {namespaces}"), 1);
        let doc = read_parts(&[("word/document.xml", document)]);
        assert_eq!(
            texts(&doc),
            [
                "ПЛАН мероприятий",
                "Срок: до 1 марта 2023 ИМЦ обучение [дата]",
                "До врезки Текст во врезке",
                "№ | Мероприятие",
            ]
        );
        let Some(Block::Table(t)) = doc.blocks.last() else {
            panic!("a table");
        };
        assert!(t.rows[0].header);
    }

    #[test]
    fn merged_cells_header_rows_and_numbers_in_cells() {
        let cell = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let table = format!(
            "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>\
             <w:tr>{}</w:tr>\
             <w:tr><w:tc><w:tcPr/>{}</w:tc>{}{}</w:tr>\
             <w:tr><w:tc><w:tcPr/>{}</w:tc>{}{}</w:tr></w:tbl>",
            cell("", "№"),
            cell("", "Мероприятия"),
            cell("", "Сроки"),
            cell(
                "<w:gridSpan w:val=\"3\"/>",
                "I. Организационные мероприятия"
            ),
            numbered("1", 1, ""),
            cell("", "Совещание"),
            cell("<w:vMerge w:val=\"restart\"/>", "Март 2023"),
            numbered("1", 1, ""),
            cell("", "Семинар"),
            cell("<w:vMerge/>", ""),
        );
        let doc = read_parts(&[
            ("word/document.xml", body(&table)),
            ("word/numbering.xml", NUMBERING.to_string()),
        ]);
        let Some(Block::Table(t)) = doc.blocks.first() else {
            panic!("a table: {doc:?}");
        };
        assert!(t.rows[0].header && !t.rows[1].header);
        assert_eq!(t.rows[1].cells[0].span, 3);
        assert_eq!(t.rows[2].cells[0].text(), "I.1.");
        assert_eq!(t.rows[3].cells[0].text(), "I.2.");
        assert_eq!(t.rows[2].cells[2].merge, Merge::Start);
        assert_eq!(t.rows[3].cells[2].merge, Merge::Continue);
        assert_eq!(t.rows[3].cells[2].text(), "");
    }

    #[test]
    fn tracked_changes_fields_links_and_spaces() {
        let xml = concat!(
            "<w:p><w:r><w:t xml:space=\"preserve\">Сроки </w:t></w:r>",
            "<w:del w:id=\"1\"><w:r><w:delText>старые </w:delText></w:r></w:del>",
            "<w:ins w:id=\"2\"><w:r><w:t xml:space=\"preserve\">новые </w:t></w:r></w:ins>",
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            "<w:hyperlink r:id=\"rId5\"><w:r><w:t> сайт</w:t></w:r></w:hyperlink>",
            "<w:r><w:t>, пере\u{ad}нос,\u{a0}ШНОР</w:t><w:tab/><w:t>&amp; Ко</w:t></w:r>",
            "<w:r><w:t>текст</w:t><w:footnoteReference w:id=\"2\"/></w:r></w:p>",
        );
        let footnotes = format!("<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"2\"><w:p><w:r><w:t>Текст сноски.</w:t></w:r></w:p></w:footnote></w:footnotes>");
        let doc = read_parts(&[
            ("word/document.xml", body(&xml.replace("r:id", "w:id"))),
            ("word/footnotes.xml", footnotes),
        ]);
        assert_eq!(
            texts(&doc),
            ["Сроки новые 7 сайт, перенос, ШНОР\t& Котекст[^2]"]
        );
        assert_eq!(
            doc.footnotes,
            [("2".to_string(), "Текст сноски.".to_string())]
        );
    }

    #[test]
    fn headings_from_styles_and_their_numbering() {
        let styles = format!(
            "<w:styles {W}>\
             <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Zag2\"><w:name w:val=\"Заголовок 2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"Мой\"/><w:basedOn w:val=\"Zag2\"/></w:style>\
             </w:styles>"
        );
        let p = |style: &str, text: &str| {
            format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let doc = read_parts(&[
            (
                "word/document.xml",
                body(
                    &[
                        p("1", "Общие положения"),
                        p("Mine", "Цели"),
                        p("1", "Мероприятия"),
                    ]
                    .concat(),
                ),
            ),
            ("word/styles.xml", styles),
            ("word/numbering.xml", NUMBERING.to_string()),
        ]);
        let headings: Vec<(Option<u8>, String)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.heading, p.labelled())),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                (Some(1), "I. Общие положения".to_string()),
                (Some(2), "Цели".to_string()),
                (Some(1), "II. Мероприятия".to_string()),
            ]
        );
    }

    #[test]
    fn hostile_numbers_and_nesting_are_bounded() {
        let nested = "<w:tbl><w:tr><w:tc>".repeat(200) + &"</w:tc></w:tr></w:tbl>".repeat(200);
        let xml = format!(
            "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"4000000000\"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>\
             <w:p><w:pPr><w:numPr><w:ilvl w:val=\"99999999999\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>{nested}"
        );
        let doc = read_parts(&[
            ("word/document.xml", body(&xml)),
            ("word/numbering.xml", NUMBERING.to_string()),
        ]);
        let Some(Block::Table(t)) = doc.blocks.first() else {
            panic!("a table");
        };
        assert_eq!(t.rows[0].cells[0].span, MAX_COLUMNS);
        let Some(Block::Paragraph(p)) = doc.blocks.get(1) else {
            panic!("a paragraph");
        };
        assert_eq!(p.level, 8);
        assert_eq!(doc.blocks.len(), 3, "the nested tables are one table");
    }

    #[test]
    fn files_that_are_not_docx_say_what_to_do() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend([0u8; 100]);
        let old = read_from(std::io::Cursor::new(ole))
            .map(|_| ())
            .unwrap_err();
        assert!(
            old.to_string()
                .contains("сохраните как «Документ Word (*.docx)»"),
            "{old}"
        );
        let text = read_from(std::io::Cursor::new(b"plain text".to_vec()))
            .map(|_| ())
            .unwrap_err();
        assert!(
            text.to_string()
                .starts_with("файл не похож на документ Word"),
            "{text}"
        );
        let no_body = docx(&[("word/styles.xml", format!("<w:styles {W}/>"))]);
        let missing = read_from(std::io::Cursor::new(no_body))
            .map(|_| ())
            .unwrap_err();
        assert!(
            missing.to_string().contains("word/document.xml"),
            "{missing}"
        );
        let broken = docx(&[(
            "word/document.xml",
            "<w:document><w:body><w:p></w:body>".to_string(),
        )]);
        let broken = read_from(std::io::Cursor::new(broken))
            .map(|_| ())
            .unwrap_err();
        assert!(broken.to_string().starts_with("файл повреждён"), "{broken}");
    }
}
