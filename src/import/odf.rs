//! An OpenDocument file — a text from LibreOffice Writer (.odt) or a
//! spreadsheet from Calc (.ods) — read into the same document the Word and
//! Excel readers give, so everything after reading is shared.
//!
//! Both kinds keep their content in `content.xml`, streamed with quick-xml
//! like Word's parts. List numbers are not in the text: they are replayed
//! from the list styles (`styles.xml` and the automatic styles) with the
//! counters Word's numbering uses, a list continuing another when it says
//! so (`text:continue-numbering`, `text:continue-list`) and an item
//! restarting its level when it carries `text:start-value`. Merged cells
//! are spans across (`number-columns-spanned`) and cells continued down
//! (`number-rows-spanned` with `covered-table-cell` below); a Calc row or
//! cell repeated N times is read N times, within bounds. Tracked deletions
//! and comments are left out, notes become footnotes, hidden sheets and
//! rows are skipped and counted.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::docx::{
    normalise, Block, Cell, Document, Merge, Paragraph, ReadError, Row, Table, MAX_COLUMNS,
    MAX_TEXT,
};
use super::numbering::{Format, Label, Level, List, Numbering};
use super::xlsx::{Sheet, Workbook};
use super::xml::{attr, name, reference, stream};

/// Reads an .odt file.
pub fn read_text(path: &Path) -> Result<Document, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let read = read_from(file)?;
    Ok(Document {
        blocks: read.blocks,
        footnotes: read.notes,
    })
}

/// Reads an .ods file: its visible sheets as tables.
pub fn read_sheets(path: &Path) -> Result<Workbook, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let read = read_from(file)?;
    let mut book = Workbook::default();
    let mut tables = read.blocks.into_iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    });
    for sheet in read.sheets {
        let Some(table) = tables.next() else {
            break;
        };
        if sheet.hidden {
            book.hidden_sheets.push(sheet.name);
            continue;
        }
        book.sheets.push(Sheet {
            name: sheet.name,
            table,
            hidden_rows: sheet.hidden_rows,
        });
    }
    Ok(book)
}

/// What `content.xml` gave.
#[derive(Debug, Default)]
pub struct Content {
    pub blocks: Vec<Block>,
    pub notes: Vec<(String, String)>,
    /// Each top-level table's name and what was hidden (sheets of .ods).
    pub sheets: Vec<SheetInfo>,
}

#[derive(Debug, Default)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
    pub hidden_rows: usize,
}

/// Reads an OpenDocument file from any seekable source.
pub fn read_from<R: Read + Seek>(source: R) -> Result<Content, ReadError> {
    let mut archive = super::docx::open_archive(source)?;
    if let Ok(manifest) = archive.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        // A manifest lists a few dozen files; more is not read.
        let _ = manifest.take(1 << 20).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Err(ReadError::Password);
        }
    }
    let mut styles = Styles::default();
    if let Ok(part) = archive.by_name("styles.xml") {
        read_styles(BufReader::new(part), "styles.xml", &mut styles)?;
    }
    let part = archive
        .by_name("content.xml")
        .map_err(|_| ReadError::Missing("content.xml"))?;
    let mut builder = Builder::new(styles);
    stream(BufReader::new(part), "content.xml", |event| {
        builder.event(event)
    })?;
    if builder.text_bytes > MAX_TEXT || builder.repeated > MAX_REPEATED {
        return Err(ReadError::TooLarge);
    }
    Ok(Content {
        blocks: builder.blocks,
        notes: builder.notes,
        sheets: builder.sheets,
    })
}

// ---------------------------------------------------------------------------
// Styles

/// List styles by name, and the table styles that hide a sheet.
#[derive(Debug, Default)]
struct Styles {
    lists: HashMap<String, Vec<Level>>,
    hidden_tables: HashSet<String>,
}

/// Reads the list styles and hidden table styles of a part; `content.xml`
/// has its own (automatic) ones before the body, read by the builder.
fn read_styles<R: BufRead>(
    source: R,
    part: &'static str,
    styles: &mut Styles,
) -> Result<(), ReadError> {
    let mut reader = StyleReader::default();
    stream(source, part, |event| reader.event(&event, styles))?;
    Ok(())
}

/// The state of reading style definitions.
#[derive(Debug, Default)]
struct StyleReader {
    list: Option<(String, Vec<Level>)>,
    table_style: Option<String>,
}

impl StyleReader {
    fn event(&mut self, event: &Event, styles: &mut Styles) {
        match event {
            Event::Start(e) | Event::Empty(e) => self.start(e, styles),
            Event::End(e) => match e.local_name().as_ref() {
                "list-style" | "outline-style" => {
                    if let Some((name, levels)) = self.list.take() {
                        styles.lists.insert(name, levels);
                    }
                }
                "style" => self.table_style = None,
                _ => {}
            },
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart, styles: &mut Styles) {
        match name(e) {
            "list-style" => self.list = attr(e, "name").map(|n| (n, Vec::new())),
            "outline-style" => self.list = Some((OUTLINE.to_string(), Vec::new())),
            "list-level-style-number"
            | "outline-level-style"
            | "list-level-style-bullet"
            | "list-level-style-image" => {
                let Some((_, levels)) = &mut self.list else {
                    return;
                };
                let k = attr(e, "level")
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, LEVELS);
                if levels.len() < k {
                    levels.resize(k, Level::default());
                }
                if let Some(level) = levels.get_mut(k - 1) {
                    *level = match name(e) {
                        "list-level-style-number" | "outline-level-style" => number_level(e, k),
                        _ => Level {
                            format: Format::Bullet,
                            ..Level::default()
                        },
                    };
                }
            }
            "style" => {
                let is_table = attr(e, "family").as_deref() == Some("table");
                self.table_style = attr(e, "name").filter(|_| is_table);
            }
            "table-properties" => {
                if let Some(style) = &self.table_style {
                    if attr(e, "display").as_deref() == Some("false") {
                        styles.hidden_tables.insert(style.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The name the outline style (the numbering of headings) is kept under;
/// no list style can have it, for style names are XML names.
const OUTLINE: &str = " outline";

/// List levels kept: ODF has ten, Word (and `numbering`) nine; the tenth
/// counts as the ninth.
const LEVELS: usize = 9;

/// A numbered level: its format, start and label pattern in Word's form
/// («%1.%2.»), from LibreOffice's own pattern (`loext:num-list-format`,
/// «%1%.%2%.») or from the prefix, the levels shown and the suffix.
fn number_level(e: &BytesStart, k: usize) -> Level {
    let format = match attr(e, "num-format").as_deref() {
        Some("") => Format::None,
        Some("I") => Format::UpperRoman,
        Some("i") => Format::LowerRoman,
        Some("A") => Format::UpperLetter,
        Some("a") => Format::LowerLetter,
        Some(f) if f.starts_with('А') => Format::RussianUpper,
        Some(f) if f.starts_with('а') => Format::RussianLower,
        _ => Format::Decimal,
    };
    let start = attr(e, "start-value")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let text = match attr(e, "num-list-format").filter(|f| !f.is_empty()) {
        Some(pattern) => word_pattern(&pattern),
        None => {
            let shown = attr(e, "display-levels")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, k);
            let numbers: Vec<String> = (k + 1 - shown..=k).map(|l| format!("%{l}")).collect();
            format!(
                "{}{}{}",
                attr(e, "num-prefix").unwrap_or_default(),
                numbers.join("."),
                attr(e, "num-suffix").unwrap_or_default()
            )
        }
    };
    Level {
        start,
        format,
        text,
    }
}

/// LibreOffice writes «%1%.%2%.»: each number ends with a «%» of its
/// own, which Word's form («%1.%2.») does not have.
fn word_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                out.push(d);
                chars.next();
            }
            if chars.peek() == Some(&'%') {
                chars.next();
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The content

/// What an open element is to the paragraphs inside it.
#[derive(Debug)]
enum Container {
    /// A list: its chain of counters (`None` when its style is unknown).
    List(Option<String>),
    /// A list item: the value it restarts its level at, and whether its
    /// first paragraph (the one that shows the number) has been read.
    Item {
        restart: Option<u32>,
        numbered: bool,
    },
    /// A table cell; `false` when it lies beyond `MAX_COLUMNS`.
    Cell(bool),
    Note,
}

/// A table being read.
#[derive(Debug, Default)]
struct Open {
    table: Table,
    row: Row,
    /// Grid column of the next cell in the row.
    column: usize,
    /// Covered cells still to absorb into the span just read.
    absorb: usize,
    /// Per grid column: rows a cell above still covers, and its span.
    below: Vec<(usize, usize)>,
    /// Columns whose `below` was set by this row.
    fresh: Vec<usize>,
    in_header: bool,
    row_repeat: usize,
    row_hidden: bool,
    /// Rows of the sheet read so far, repeats and hidden ones included.
    rows_read: usize,
    cell_repeat: usize,
    info: Option<SheetInfo>,
}

/// The reading state of `content.xml`.
struct Builder {
    styles: Styles,
    style_reader: StyleReader,
    in_styles: usize,
    numbering: Numbering,
    /// List id → chain, and the last chain of each list style.
    chains: HashMap<String, String>,
    last_chain: HashMap<String, String>,
    blocks: Vec<Block>,
    containers: Vec<Container>,
    tables: Vec<Open>,
    /// Tables nested deeper than `MAX_NESTING`: their text stays in the
    /// cell that holds them.
    flattened: usize,
    /// Paragraphs being read; more than one inside a text box or a note.
    paragraphs: Vec<Paragraph>,
    notes: Vec<(String, String)>,
    note: String,
    /// The text of a `text:number` being read.
    shown_number: Option<String>,
    /// Depth inside what a reader does not see (tracked deletions,
    /// comments, a note's own mark).
    skipped: usize,
    sheets: Vec<SheetInfo>,
    text_bytes: usize,
    /// Cells with text made by Calc's repeats, against `MAX_REPEATED`.
    repeated: usize,
}

/// The most cells with text that repeats may make: a few bytes of XML may
/// ask for a million copies of a row, which no plan has.
const MAX_REPEATED: usize = 200_000;

/// How deep tables in cells are kept as tables.
const MAX_NESTING: usize = 8;

/// The most rows a table is read to: a Calc row repeated a million times
/// is a sheet's empty end, not a plan.
const MAX_ROWS: usize = 100_000;

/// Elements whose text a reader does not see: tracked deletions, comments,
/// a note's own mark, a drawing's title and description (`svg:title`, not
/// the document title field `text:title`).
const UNSEEN: &[&str] = &[
    "tracked-changes",
    "annotation",
    "note-citation",
    "svg:title",
    "svg:desc",
    "sequence-decls",
];

impl Builder {
    fn new(styles: Styles) -> Builder {
        Builder {
            styles,
            style_reader: StyleReader::default(),
            in_styles: 0,
            numbering: Numbering::default(),
            chains: HashMap::new(),
            last_chain: HashMap::new(),
            blocks: Vec::new(),
            containers: Vec::new(),
            tables: Vec::new(),
            flattened: 0,
            paragraphs: Vec::new(),
            notes: Vec::new(),
            note: String::new(),
            shown_number: None,
            skipped: 0,
            sheets: Vec::new(),
            text_bytes: 0,
            repeated: 0,
        }
    }

    fn event(&mut self, event: Event) {
        if self.in_styles > 0 {
            track_depth(&mut self.in_styles, &event);
            self.style_reader.event(&event, &mut self.styles);
            return;
        }
        if self.skipped > 0 {
            track_depth(&mut self.skipped, &event);
            return;
        }
        match event {
            Event::Start(e) => self.start(&e, false),
            Event::Empty(e) => self.start(&e, true),
            Event::End(e) => self.end(e.local_name().as_ref()),
            Event::Text(t) => {
                // Spaces in OpenDocument text collapse; `text:s` keeps them.
                let text = t.xml10_content();
                let mut collapsed = String::with_capacity(text.len());
                for c in text.chars() {
                    if c.is_ascii_whitespace() {
                        if !collapsed.ends_with(' ') {
                            collapsed.push(' ');
                        }
                    } else {
                        collapsed.push(c);
                    }
                }
                self.push_text(&collapsed);
            }
            Event::GeneralRef(r) => self.push_text(&reference(&r)),
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let element = name(e);
        let unseen = |n: &str| {
            let full = e.name();
            let full: &str = full.0;
            n == element && !n.contains(':') || n == full
        };
        if !empty && UNSEEN.iter().any(|n| unseen(n)) {
            self.skipped = 1;
            return;
        }
        match element {
            "automatic-styles" if !empty => self.in_styles = 1,
            "p" | "h" => {
                self.start_paragraph(e, element == "h");
                if empty {
                    self.end(element);
                }
            }
            "s" => {
                let count = attr(e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                self.push_text(&" ".repeat(usize::min(count, 100)));
            }
            "tab" => self.push_text("\t"),
            "line-break" => self.push_text("\n"),
            // The number the application showed, when it wrote it down.
            "number" if !empty && !self.paragraphs.is_empty() => {
                self.shown_number = Some(String::new());
            }
            "note" if !empty => {
                let id = (self.notes.len() + 1).to_string();
                self.push_text(&format!("[^{id}]"));
                self.notes.push((id, String::new()));
                self.containers.push(Container::Note);
            }
            "list" if !empty => {
                let chain = self.chain(e);
                self.containers.push(Container::List(chain));
            }
            "list-item" | "list-header" if !empty => {
                let restart = attr(e, "start-value").and_then(|v| v.parse().ok());
                self.containers.push(Container::Item {
                    restart,
                    numbered: element == "list-header",
                });
            }
            "table" if !empty && self.flattened > 0 => self.flattened += 1,
            _ if self.flattened > 0 => {}
            "table" if !empty && self.tables.len() >= MAX_NESTING => self.flattened = 1,
            "table" if !empty => self.start_table(e),
            "table-header-rows" if !empty => self.table(|t| t.in_header = true),
            "table-row" if !empty => self.start_row(e),
            "table-cell" => self.start_cell(e, empty),
            "covered-table-cell" => {
                self.covered(e);
                // A covered cell may keep text the reader does not see.
                if !empty {
                    self.containers.push(Container::Cell(false));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, element: &str) {
        match element {
            "p" | "h" => self.finish_paragraph(),
            "number" => {
                let shown = self.shown_number.take().map(|n| n.trim().to_string());
                if let (Some(p), Some(n)) = (self.paragraphs.last_mut(), shown) {
                    if !n.is_empty() {
                        p.label = Some(Label::Number(n));
                    }
                }
            }
            "note" => {
                self.containers.pop();
                let text = normalise(&std::mem::take(&mut self.note));
                if let Some((_, note)) = self.notes.last_mut() {
                    *note = text;
                }
            }
            "list" | "list-item" | "list-header" => {
                self.containers.pop();
            }
            "table" if self.flattened > 0 => self.flattened -= 1,
            _ if self.flattened > 0 => {}
            "table" => self.finish_table(),
            "table-header-rows" => self.table(|t| t.in_header = false),
            "table-row" => self.finish_row(),
            "table-cell" => self.finish_cell(),
            "covered-table-cell" => {
                self.containers.pop();
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.text_bytes > MAX_TEXT {
            return;
        }
        if let Some(number) = &mut self.shown_number {
            number.push_str(text);
            return;
        }
        if let Some(p) = self.paragraphs.last_mut() {
            self.text_bytes += text.len();
            p.text.push_str(text);
        }
    }

    fn table(&mut self, change: impl FnOnce(&mut Open)) {
        if let Some(open) = self.tables.last_mut() {
            change(open);
        }
    }

    // -- Lists

    /// The containers around the current element, innermost first, up to
    /// the cell or note that holds them.
    fn local(&self) -> impl Iterator<Item = &Container> {
        self.containers
            .iter()
            .rev()
            .take_while(|c| !matches!(c, Container::Cell(_) | Container::Note))
    }

    /// The counters of the document's headings (`text:outline-style`), one
    /// set for the whole document; `None` when it has no outline style.
    fn outline_chain(&mut self) -> Option<String> {
        let levels = self.styles.lists.get(OUTLINE)?.clone();
        if !self.numbering.lists.contains_key(OUTLINE) {
            self.numbering.abstracts.insert(OUTLINE.to_string(), levels);
            self.numbering.lists.insert(
                OUTLINE.to_string(),
                List {
                    abstract_id: OUTLINE.to_string(),
                    restarts: Vec::new(),
                },
            );
        }
        Some(OUTLINE.to_string())
    }

    /// The counters a list counts with: those of the list it continues,
    /// else new ones for its style. A list inside a list is the same list.
    fn chain(&mut self, e: &BytesStart) -> Option<String> {
        // The innermost list around this one, within the same cell or note.
        let outer = self.local().find_map(|c| match c {
            Container::List(chain) => Some(chain.clone()),
            _ => None,
        });
        if let Some(chain) = outer {
            return chain;
        }
        let style = attr(e, "style-name")?;
        let levels = self.styles.lists.get(&style)?.clone();
        let continued = match attr(e, "continue-list") {
            Some(id) => self.chains.get(&id).cloned(),
            None if attr(e, "continue-numbering").as_deref() == Some("true") => {
                self.last_chain.get(&style).cloned()
            }
            None => None,
        };
        let chain = continued.unwrap_or_else(|| {
            let key = format!("{style}#{}", self.numbering.lists.len());
            self.numbering.abstracts.insert(key.clone(), levels);
            self.numbering.lists.insert(
                key.clone(),
                List {
                    abstract_id: key.clone(),
                    restarts: Vec::new(),
                },
            );
            key
        });
        if let Some(id) = attr(e, "id") {
            self.chains.insert(id, chain.clone());
        }
        self.last_chain.insert(style, chain.clone());
        Some(chain)
    }

    // -- Paragraphs

    fn start_paragraph(&mut self, e: &BytesStart, heading: bool) {
        let heading = heading.then(|| {
            attr(e, "outline-level")
                .and_then(|v| v.parse::<u8>().ok())
                .unwrap_or(1)
                .clamp(1, 10)
        });
        // The first paragraph of a list item shows its number.
        let mut level = 0;
        let mut chain = None;
        let mut restart = None;
        let mut numbered_here = false;
        if let Some(Container::Item {
            restart: r,
            numbered,
        }) = self.containers.last_mut()
        {
            if !*numbered {
                *numbered = true;
                numbered_here = true;
                restart = *r;
            }
        }
        if numbered_here {
            for c in self.local() {
                if let Container::List(c) = c {
                    level += 1;
                    chain = c.clone();
                }
            }
        }
        // A heading outside lists takes its number from the outline style.
        if let (Some(outline), false) = (heading, numbered_here) {
            level = usize::from(outline);
            chain = self.outline_chain();
        }
        let label =
            chain.and_then(|chain| self.numbering.next_from(&chain, level.max(1) - 1, restart));
        self.paragraphs.push(Paragraph {
            style: None,
            heading,
            label,
            level: level.max(1) - 1,
            text: String::new(),
        });
    }

    fn finish_paragraph(&mut self) {
        let Some(mut paragraph) = self.paragraphs.pop() else {
            return;
        };
        paragraph.text = normalise(&paragraph.text);
        let in_note = matches!(
            self.containers
                .iter()
                .rev()
                .find(|c| matches!(c, Container::Cell(_) | Container::Note)),
            Some(Container::Note)
        );
        if in_note {
            if !self.note.is_empty() {
                self.note.push('\n');
            }
            self.note.push_str(&paragraph.labelled());
            return;
        }
        // A text box's paragraph belongs to the paragraph around it.
        if let Some(outer) = self.paragraphs.last_mut() {
            if !paragraph.text.is_empty() {
                outer.text.push(' ');
                outer.text.push_str(&paragraph.labelled());
            }
            return;
        }
        let cell = self.containers.iter().rev().find_map(|c| match c {
            Container::Cell(kept) => Some(*kept),
            _ => None,
        });
        match cell {
            Some(true) => {
                if let Some(cell) = self.cell() {
                    cell.paragraphs.push(paragraph);
                }
            }
            Some(false) => {}
            None => self.blocks.push(Block::Paragraph(paragraph)),
        }
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        self.tables.last_mut().and_then(|t| t.row.cells.last_mut())
    }

    // -- Tables

    fn start_table(&mut self, e: &BytesStart) {
        let top = self.tables.is_empty();
        let info = top.then(|| SheetInfo {
            name: attr(e, "name").unwrap_or_default(),
            hidden: attr(e, "style-name").is_some_and(|s| self.styles.hidden_tables.contains(&s)),
            hidden_rows: 0,
        });
        self.tables.push(Open {
            info,
            ..Open::default()
        });
    }

    fn start_row(&mut self, e: &BytesStart) {
        let repeat = count_attr(e, "number-rows-repeated");
        let hidden = matches!(
            attr(e, "visibility").as_deref(),
            Some("collapse" | "filter")
        );
        self.table(|t| {
            t.row = Row {
                header: t.in_header,
                cells: Vec::new(),
                number: t.rows_read + 1,
            };
            t.column = 0;
            t.absorb = 0;
            t.fresh.clear();
            t.row_repeat = repeat;
            t.row_hidden = hidden;
        });
    }

    fn start_cell(&mut self, e: &BytesStart, empty: bool) {
        let span = count_attr(e, "number-columns-spanned").min(MAX_COLUMNS);
        let down = count_attr(e, "number-rows-spanned").min(MAX_ROWS);
        let repeat = count_attr(e, "number-columns-repeated");
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let kept = t.column < MAX_COLUMNS;
        if kept {
            t.row.cells.push(Cell {
                paragraphs: Vec::new(),
                span,
                merge: if down > 1 { Merge::Start } else { Merge::None },
            });
            if down > 1 {
                if t.below.len() < t.column + 1 {
                    t.below.resize(t.column + 1, (0, 1));
                }
                t.below[t.column] = (down - 1, span);
                t.fresh.push(t.column);
            }
            t.column += span;
            t.absorb = span - 1;
        }
        t.cell_repeat = repeat;
        if empty {
            self.repeat_cell();
        } else {
            self.containers.push(Container::Cell(kept));
        }
    }

    fn finish_cell(&mut self) {
        self.containers.pop();
        self.repeat_cell();
    }

    /// A cell Calc repeats (`number-columns-repeated`), copied while the
    /// row has room.
    fn repeat_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(last) = t.row.cells.last() else {
            return;
        };
        let copy = Cell {
            merge: Merge::None,
            ..last.clone()
        };
        let has_text = !copy.text().is_empty();
        for _ in 1..t.cell_repeat {
            if t.column >= MAX_COLUMNS || self.repeated > MAX_REPEATED {
                break;
            }
            self.repeated += usize::from(has_text);
            t.column += copy.span;
            t.row.cells.push(copy.clone());
        }
        t.cell_repeat = 1;
    }

    /// A covered cell: part of the span to its left, or of a cell above
    /// that spans rows down to here.
    fn covered(&mut self, e: &BytesStart) {
        let repeat = count_attr(e, "number-columns-repeated").min(MAX_COLUMNS);
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        for _ in 0..repeat {
            if t.absorb > 0 {
                t.absorb -= 1;
                continue;
            }
            if t.column >= MAX_COLUMNS {
                break;
            }
            let (left, span) = t.below.get(t.column).copied().unwrap_or((0, 1));
            let continued = left > 0 && !t.fresh.contains(&t.column);
            t.row.cells.push(Cell {
                paragraphs: Vec::new(),
                span: if continued { span } else { 1 },
                merge: if continued {
                    Merge::Continue
                } else {
                    Merge::None
                },
            });
            let width = if continued { span } else { 1 };
            t.column += width;
            t.absorb = width - 1;
        }
    }

    fn finish_row(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let mut row = std::mem::take(&mut t.row);
        let repeat = t.row_repeat.max(1);
        t.rows_read = t.rows_read.saturating_add(repeat);
        for (column, (left, _)) in t.below.iter_mut().enumerate() {
            if !t.fresh.contains(&column) {
                *left = left.saturating_sub(repeat);
            }
        }
        // Empty cells at the end of a row are Calc's padding to the edge
        // of the sheet, not columns of the table.
        while row
            .cells
            .last()
            .is_some_and(|c| c.merge == Merge::None && c.text().is_empty())
        {
            row.cells.pop();
        }
        let with_text = row.cells.iter().filter(|c| !c.text().is_empty()).count();
        if t.row_hidden {
            // Hidden rows that say nothing are not worth a note.
            if let Some(info) = t.info.as_mut().filter(|_| with_text > 0) {
                info.hidden_rows = info.hidden_rows.saturating_add(repeat);
            }
            return;
        }
        // An empty row repeated is a sheet's empty end: read once.
        let copies = if with_text > 0 { repeat } else { 1 };
        let template = (copies > 1).then(|| row.clone());
        if t.table.rows.len() < MAX_ROWS {
            t.table.rows.push(row);
        }
        let Some(template) = template else {
            return;
        };
        for k in 1..copies {
            if t.table.rows.len() >= MAX_ROWS || self.repeated > MAX_REPEATED {
                break;
            }
            self.repeated += with_text;
            t.table.rows.push(Row {
                number: template.number + k,
                ..template.clone()
            });
        }
    }

    /// A finished table; one inside a cell becomes that cell's lines.
    fn finish_table(&mut self) {
        let Some(open) = self.tables.pop() else {
            return;
        };
        if let Some(info) = open.info {
            self.sheets.push(info);
        }
        let table = open.table;
        match self.cell() {
            Some(cell) => cell.paragraphs.extend(table.as_lines()),
            None => self.blocks.push(Block::Table(table)),
        }
    }
}

/// The depth inside an element whose content is read apart (styles) or
/// not at all, after `event`.
fn track_depth(depth: &mut usize, event: &Event) {
    match event {
        Event::Start(_) => *depth += 1,
        Event::End(_) => *depth = depth.saturating_sub(1),
        _ => {}
    }
}

/// A repeat or span count: at least 1.
fn count_attr(e: &BytesStart, local: &str) -> usize {
    attr(e, local)
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
        xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\" \
        xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"";

    /// An OpenDocument file made by hand: two list styles in styles.xml,
    /// `automatic` styles and the text `body` in content.xml.
    fn read(automatic: &str, body: &str) -> Content {
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {NS}>\
             <office:automatic-styles>{automatic}</office:automatic-styles>\
             <office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let styles = format!(
            "<office:document-styles {NS}><office:styles>\
             <text:list-style style:name=\"Nums\">\
             <text:list-level-style-number text:level=\"1\" loext:num-list-format=\"%1%.\" style:num-suffix=\".\" style:num-format=\"1\"/>\
             <text:list-level-style-number text:level=\"2\" loext:num-list-format=\"%1%.%2%.\" style:num-suffix=\".\" style:num-format=\"1\" text:display-levels=\"2\"/>\
             </text:list-style>\
             <text:list-style style:name=\"Dots\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"•\"/></text:list-style>\
             </office:styles></office:document-styles>"
        );
        let file = crate::import::xml::zipped(&[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.text".to_string(),
            ),
            ("styles.xml", styles),
            ("content.xml", content),
        ]);
        read_from(std::io::Cursor::new(file)).expect("readable")
    }

    fn labelled(content: &Content) -> Vec<String> {
        content
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.labelled(),
                Block::Table(t) => format!("таблица {} строк", t.rows.len()),
            })
            .collect()
    }

    /// A list item at `level` (1-based) of a list, as LibreOffice writes a
    /// Word paragraph of that level: items wrapping items.
    fn item(level: usize, start: Option<u32>, text: &str) -> String {
        let start = start.map_or(String::new(), |s| format!(" text:start-value=\"{s}\""));
        let mut xml = format!("<text:list-item{start}><text:p>{text}</text:p></text:list-item>");
        for _ in 1..level {
            xml = format!("<text:list-item><text:list>{xml}</text:list></text:list-item>");
        }
        xml
    }

    #[test]
    fn list_numbers_are_replayed_from_list_styles() {
        let body = [
            format!("<text:list xml:id=\"a\" text:style-name=\"Nums\">{}{}</text:list>", item(1, None, "Первый"), item(2, None, "вложенный")),
            // Continues the list before it (same style).
            format!("<text:list text:continue-numbering=\"true\" text:style-name=\"Nums\">{}</text:list>", item(2, None, "второй вложенный")),
            // A new list of the same style starts again; an item restarts at 5.
            format!("<text:list xml:id=\"b\" text:style-name=\"Nums\">{}{}</text:list>", item(1, None, "Снова"), item(1, Some(5), "Пятый")),
            // Continues list «a» by its id, not the last one.
            format!("<text:list text:continue-list=\"a\" text:style-name=\"Nums\">{}</text:list>", item(1, None, "Второй")),
            format!("<text:list text:style-name=\"Dots\">{}</text:list>", item(1, None, "Пункт")),
            // A level-2 paragraph with no level-1 one before shows level 1 as its start.
            format!("<text:list text:style-name=\"Nums\">{}</text:list>", item(2, None, "Сразу второй уровень")),
            // A second paragraph of an item shows no number.
            "<text:list text:style-name=\"Nums\"><text:list-item><text:p>Раз</text:p><text:p>продолжение</text:p></text:list-item></text:list>".to_string(),
        ]
        .concat();
        let content = read("", &body);
        assert_eq!(
            labelled(&content),
            [
                "1. Первый",
                "1.1. вложенный",
                "1.2. второй вложенный",
                "1. Снова",
                "5. Пятый",
                "2. Второй",
                "• Пункт",
                "1.1. Сразу второй уровень",
                "1. Раз",
                "продолжение",
            ]
        );
    }

    #[test]
    fn automatic_list_styles_and_patterns_without_loext() {
        let automatic = "<text:list-style style:name=\"L1\">\
            <text:list-level-style-number text:level=\"1\" style:num-prefix=\"(\" style:num-suffix=\")\" style:num-format=\"I\" text:start-value=\"3\"/>\
            <text:list-level-style-number text:level=\"2\" style:num-suffix=\")\" style:num-format=\"а, б, .. (ru)\"/>\
            </text:list-style>";
        let body = format!(
            "<text:list text:style-name=\"L1\">{}{}</text:list>",
            item(1, None, "Третий"),
            item(2, None, "буква")
        );
        assert_eq!(
            labelled(&read(automatic, &body)),
            ["(III) Третий", "а) буква"]
        );
        assert_eq!(word_pattern("%1%.%2%.%3%"), "%1.%2.%3");
    }

    #[test]
    fn merged_cells_header_rows_and_repeats() {
        let cell = |text: &str, attrs: &str| {
            format!("<table:table-cell{attrs}><text:p>{text}</text:p></table:table-cell>")
        };
        let body = format!(
            "<table:table table:name=\"План\">\
             <table:table-header-rows><table:table-row>{}{}{}</table:table-row></table:table-header-rows>\
             <table:table-row>{}<table:covered-table-cell table:number-columns-repeated=\"2\"/></table:table-row>\
             <table:table-row>{}{}{}</table:table-row>\
             <table:table-row>{}{}<table:covered-table-cell/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"3\">{}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>\
             </table:table>",
            cell("№", ""),
            cell("Мероприятие", ""),
            cell("Срок", ""),
            cell("I. Раздел", " table:number-columns-spanned=\"3\""),
            cell("1.", ""),
            cell("Семинар", ""),
            cell("Март", " table:number-rows-spanned=\"2\""),
            cell("2.", ""),
            cell("Совещание", ""),
            cell("повтор", " table:number-columns-repeated=\"2\""),
        );
        let content = read("", &body);
        let Some(Block::Table(t)) = content.blocks.first() else {
            panic!("a table: {:?}", content.blocks);
        };
        assert!(t.rows[0].header && !t.rows[1].header);
        assert_eq!(t.rows[1].cells.len(), 1);
        assert_eq!(t.rows[1].cells[0].span, 3);
        assert_eq!(t.rows[2].cells[2].merge, Merge::Start);
        assert_eq!(t.rows[3].cells[2].merge, Merge::Continue);
        assert_eq!(t.rows[3].cells[2].text(), "");
        // A row repeated three times is three rows, each with the cell
        // repeated twice; a million empty rows are read once.
        let texts: Vec<String> = t.rows[4..7]
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(texts, ["повтор|повтор"; 3]);
        assert_eq!(t.rows.len(), 8);
        // Calc's padding to the sheet's edge is no column of the table.
        assert!(t.rows[7].cells.is_empty());
        // Rows know their number in the sheet, repeats counted.
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn text_in_covered_cells_stays_hidden_and_rows_are_numbered_as_in_the_sheet() {
        let body = "<table:table>\
            <table:table-row><table:table-cell table:number-columns-spanned=\"2\"><text:p>Раздел</text:p></table:table-cell>\
            <table:covered-table-cell><text:p>скрытое</text:p></table:covered-table-cell></table:table-row>\
            <table:table-row table:visibility=\"collapse\"><table:table-cell><text:p>скрыта</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated=\"5\"><table:table-cell table:number-columns-repeated=\"2\"/></table:table-row>\
            <table:table-row><table:table-cell><text:p>1.</text:p></table:table-cell><table:table-cell><text:p>Семинар</text:p></table:table-cell></table:table-row>\
            </table:table>";
        let content = read("", body);
        assert_eq!(content.blocks.len(), 1, "{:?}", content.blocks);
        let Some(Block::Table(t)) = content.blocks.first() else {
            panic!("a table");
        };
        let texts: Vec<String> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(texts, ["Раздел", "", "1.|Семинар"]);
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 8]);
    }

    #[test]
    fn headings_take_numbers_from_the_outline_style_or_as_written() {
        let automatic = "<text:outline-style style:name=\"Outline\">\
            <text:outline-level-style text:level=\"1\" style:num-suffix=\".\" style:num-format=\"1\"/>\
            <text:outline-level-style text:level=\"2\" style:num-suffix=\".\" style:num-format=\"1\" text:display-levels=\"2\"/>\
            </text:outline-style>";
        let body = "<text:h text:outline-level=\"1\">Общие положения</text:h>\
            <text:h text:outline-level=\"2\">Цели</text:h>\
            <text:h text:outline-level=\"1\">Мероприятия</text:h>\
            <text:h text:outline-level=\"1\"><text:number>IV.</text:number>Как записано</text:h>";
        assert_eq!(
            labelled(&read(automatic, body)),
            [
                "1. Общие положения",
                "1.1. Цели",
                "2. Мероприятия",
                "IV. Как записано"
            ]
        );
        // Without an outline style headings have no numbers.
        assert_eq!(labelled(&read("", "<text:h>Раздел</text:h>")), ["Раздел"]);
    }

    #[test]
    fn notes_changes_comments_and_spaces() {
        let body = "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion><text:p>удалённое</text:p></text:deletion></text:changed-region></text:tracked-changes>\
            <text:h text:outline-level=\"2\">Раздел</text:h>\
            <text:p>Сроки<text:change text:change-id=\"c1\"/> <text:change-start text:change-id=\"c2\"/>новые<text:change-end text:change-id=\"c2\"/>\
            <office:annotation><text:p>комментарий</text:p></office:annotation> и  пере\u{ad}нос,<text:s text:c=\"2\"/>ШНОР<text:tab/>итог<text:line-break/>строка\
            <text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>\
            <text:note-body><text:p>Текст сноски.</text:p></text:note-body></text:note>.</text:p>";
        let content = read("", body);
        assert_eq!(
            labelled(&content),
            ["Раздел", "Сроки новые и перенос,  ШНОР\tитог\nстрока[^1]."]
        );
        let Some(Block::Paragraph(heading)) = content.blocks.first() else {
            panic!("a heading");
        };
        assert_eq!(heading.heading, Some(2));
        assert_eq!(heading.label, None::<Label>);
        assert_eq!(
            content.notes,
            [("1".to_string(), "Текст сноски.".to_string())]
        );
    }

    #[test]
    fn hidden_sheets_and_rows_are_left_out_and_counted() {
        let automatic = "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>";
        let row = |text: &str, attrs: &str| {
            format!("<table:table-row{attrs}><table:table-cell><text:p>{text}</text:p></table:table-cell></table:table-row>")
        };
        let body = format!(
            "<table:table table:name=\"Лист1\">{}{}{}</table:table><table:table table:name=\"Скрытый\" table:style-name=\"ta2\">{}</table:table>",
            row("видно", ""),
            row("скрыто", " table:visibility=\"collapse\" table:number-rows-repeated=\"2\""),
            row("фильтр", " table:visibility=\"filter\""),
            row("там", ""),
        );
        let content = read(automatic, &body);
        let names: Vec<(&str, bool, usize)> = content
            .sheets
            .iter()
            .map(|s| (s.name.as_str(), s.hidden, s.hidden_rows))
            .collect();
        assert_eq!(names, [("Лист1", false, 3), ("Скрытый", true, 0)]);
        let Some(Block::Table(t)) = content.blocks.first() else {
            panic!("a table");
        };
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn hostile_nesting_and_spans_are_bounded() {
        let mut nested = "<text:p>внутри</text:p>".to_string();
        for _ in 0..20 {
            nested = format!("<table:table><table:table-row><table:table-cell>{nested}</table:table-cell></table:table-row></table:table>");
        }
        let body = format!(
            "{nested}<table:table><table:table-row>\
             <table:table-cell table:number-columns-spanned=\"99999999\" table:number-rows-spanned=\"99999999\"><text:p>широкая</text:p></table:table-cell>\
             </table:table-row><table:table-row><table:covered-table-cell table:number-columns-repeated=\"99999999\"/></table:table-row></table:table>"
        );
        let content = read("", &body);
        let texts: Vec<String> = content
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(
                    t.rows
                        .iter()
                        .flat_map(|r| r.cells.iter().map(Cell::text))
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                Block::Paragraph(_) => None,
            })
            .collect();
        assert!(texts[0].contains("внутри"), "{texts:?}");
        assert_eq!(texts[1], "широкая|");
        let Some(Block::Table(t)) = content.blocks.last() else {
            panic!("a table");
        };
        assert_eq!(t.rows[0].cells[0].span, MAX_COLUMNS);
        assert_eq!(t.rows[1].cells.len(), 1);
        assert_eq!(t.rows[1].cells[0].merge, Merge::Continue);
    }

    #[test]
    fn a_row_repeated_a_million_times_is_refused() {
        let body = "<table:table><table:table-row table:number-rows-repeated=\"1000000\">\
            <table:table-cell table:number-columns-repeated=\"1000\"><text:p>семинар</text:p></table:table-cell>\
            </table:table-row></table:table>";
        let content = format!(
            "<office:document-content {NS}><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
        );
        let file = crate::import::xml::zipped(&[("content.xml", content)]);
        let read = read_from(std::io::Cursor::new(file));
        assert!(matches!(read, Err(ReadError::TooLarge)), "{read:?}");
    }

    #[test]
    fn files_that_are_not_opendocument_say_so() {
        let not_zip = read_from(std::io::Cursor::new(b"text".to_vec()));
        assert!(matches!(not_zip, Err(ReadError::NotOffice)));
        let file = crate::import::xml::zipped(&[("mimetype", "x".to_string())]);
        let no_content = read_from(std::io::Cursor::new(file));
        assert!(matches!(no_content, Err(ReadError::Missing("content.xml"))));
        let file = crate::import::xml::zipped(&[
            (
                "META-INF/manifest.xml",
                "<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
                    .to_string(),
            ),
            ("content.xml", "зашифровано".to_string()),
        ]);
        let locked = read_from(std::io::Cursor::new(file));
        assert!(matches!(locked, Err(ReadError::Password)));
        let file = crate::import::xml::zipped(&[("content.xml", "<a><b></a>".to_string())]);
        let broken = read_from(std::io::Cursor::new(file));
        assert!(matches!(
            broken,
            Err(ReadError::Xml {
                part: "content.xml",
                ..
            })
        ));
    }
}
