//! A read Word document as the text of a plan source: the front matter
//! (title, marks, approval stamps), then the document in its order —
//! prose as Markdown, tables as ```table blocks (or ```passport for a
//! two-column table the headers say nothing of) — and what was recognised.

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use super::bodies::Levels;
use super::docx::{Block, Cell, Document, Paragraph, Table};
use super::numbering::Label;
use super::signature;
use super::table::{self, ColumnReport};

/// The written source and what the webmaster is told.
pub struct Imported {
    pub source: String,
    pub report: Report,
}

#[derive(Debug, Default)]
pub struct Report {
    pub title: Option<String>,
    pub marks: usize,
    pub stamps: usize,
    pub prose: usize,
    pub tables: Vec<TableReport>,
    /// What the webmaster must look at, in Russian.
    pub look_at: Vec<String>,
    /// Bodies added to district.yaml.
    pub bodies: Vec<super::bodies::Proposed>,
    pub periods_understood: usize,
    /// Each period not understood and where it stands.
    pub periods_not_understood: Vec<String>,
    /// Each responsible name that is not a body of the territory (nor
    /// added as one), and where it stands.
    pub names_unknown: Vec<String>,
    /// Terms of the territory's glossary once the plan is read.
    pub abbreviations: usize,
    /// Entries of the document's own list of abbreviations.
    pub glossary: usize,
}

#[derive(Debug)]
pub struct TableReport {
    /// 1-based, among the document's tables.
    pub number: usize,
    pub kind: TableKind,
    pub columns: Vec<ColumnReport>,
    pub sections: usize,
    pub items: usize,
    /// The document's row (1-based) of each item, in document order.
    pub rows: Vec<usize>,
}

/// What a document's table was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Plan,
    Passport,
}

impl TableKind {
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Plan => "таблица",
            TableKind::Passport => "паспорт",
        }
    }
}

impl TableReport {
    /// Where a cell of the `item`-th item (0-based) of a plan table stands
    /// in the document: «таблица 2, строка 14, столбец 3».
    pub fn cell(&self, item: usize, key: &str) -> String {
        let mut at = format!("таблица {}", self.number);
        if let Some(row) = self.rows.get(item) {
            at.push_str(&format!(", строка {row}"));
        }
        if let Some(column) = self.columns.iter().position(|c| c.key == key) {
            at.push_str(&format!(", столбец {}", column + 1));
        }
        at
    }
}

/// Words that open an approval stamp.
const STAMP_HEADINGS: &[&str] = &["утвержд", "согласов"];

/// Words a plan's title starts with.
const TITLE_STARTS: &[&str] = &[
    "план",
    "дорожная карта",
    "«дорожная карта»",
    "программа",
    "комплекс мер",
    "перечень",
    "муниципальная программа",
];

/// The parts of the document, in order.
enum Part {
    Prose(Vec<String>),
    /// «Используемые сокращения:» (if the document heads the list) and
    /// its entries, each with its paragraph's text.
    Glossary(Option<String>, Vec<(Value, String)>),
    Block(&'static str, Value),
}

/// Converts a read document; `today` is the source's «updated»; a
/// matrix's columns take their bodies from `levels`.
pub fn convert(doc: &Document, today: NaiveDate, levels: &mut Levels) -> Imported {
    let mut c = Conversion::new(doc);
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => c.paragraph(p),
            Block::Table(t) => c.table(t, levels),
        }
    }
    c.finish(today)
}

/// What the conversion has found so far, block by block.
struct Conversion<'d> {
    doc: &'d Document,
    report: Report,
    title: Option<String>,
    /// «Приложение №…» lines above the title.
    marks: Vec<Value>,
    /// Approval stamps above the title, as YAML.
    approval: Vec<Value>,
    /// The lines of the stamp being read, until a blank line or the title.
    stamp: Option<Vec<String>>,
    parts: Vec<Part>,
    tables: usize,
    /// A signer's position on the line before: a name next makes a signature.
    position: Option<String>,
}

impl<'d> Conversion<'d> {
    fn new(doc: &'d Document) -> Conversion<'d> {
        Conversion {
            doc,
            report: Report::default(),
            title: None,
            marks: Vec::new(),
            approval: Vec::new(),
            stamp: None,
            parts: Vec::new(),
            tables: 0,
            position: None,
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let text = p.labelled();
        if self.title.is_none() && self.head_line(p, &text) {
            return;
        }
        if self.glossary_line(&text) || self.signature_line(p, &text) {
            return;
        }
        let doc = self.doc;
        if let Some(line) = markdown_line(p, &|id| footnote(doc, id)) {
            let alone = p.label.is_none() && !text.contains("[^");
            if alone && signature::is_position(&text) {
                self.position = Some(text.trim().to_string());
            }
            match self.parts.last_mut() {
                Some(Part::Prose(lines)) => lines.push(line),
                _ => self.parts.push(Part::Prose(vec![line])),
            }
        } else if let Some(Part::Prose(lines)) = self.parts.last_mut() {
            lines.push(String::new());
        }
    }

    /// A line above the title: a stamp's, an «Приложение» mark, or the
    /// title itself. Whether it was taken.
    fn head_line(&mut self, p: &Paragraph, text: &str) -> bool {
        if let Some(lines) = &mut self.stamp {
            if text.trim().is_empty() || is_title(p) {
                self.approval.push(stamp_yaml(lines));
                self.stamp = None;
            } else {
                lines.push(text.to_string());
                return true;
            }
        }
        if starts_with_any(text, STAMP_HEADINGS) {
            self.stamp = Some(vec![text.to_string()]);
        } else if starts_with_any(text, &["приложение"]) {
            self.marks.push(text.into());
        } else if is_title(p) {
            self.title = Some(text.to_string());
        } else {
            return false;
        }
        true
    }

    /// A line of a list of abbreviations, or its heading. Whether it was taken.
    fn glossary_line(&mut self, text: &str) -> bool {
        if is_glossary_heading(text) {
            let heading = Some(text.trim().to_string());
            self.parts.push(Part::Glossary(heading, Vec::new()));
            return true;
        }
        if let Some(Part::Glossary(_, entries)) = self.parts.last_mut() {
            if text.trim().is_empty() {
                return true;
            }
            if let Some(entry) = glossary_entry(text) {
                entries.push((entry, text.to_string()));
                return true;
            }
        }
        // A list of abbreviations without a heading: «МОУО – органы …».
        if let Some(entry) = glossary_entry(text).filter(|_| is_acronym_entry(text)) {
            let entries = vec![(entry, text.to_string())];
            self.parts.push(Part::Glossary(None, entries));
            return true;
        }
        false
    }

    /// A signature on one line, or a name under the signer's position on
    /// the line before. Whether it was taken.
    fn signature_line(&mut self, p: &Paragraph, text: &str) -> bool {
        let before = self.position.take();
        if let Some(signed) = signature::one_line(text).filter(|_| p.label.is_none()) {
            let block = Part::Block("signature", signature::yaml(&[signed]));
            self.parts.push(block);
            return true;
        }
        let Some(position) = before.filter(|_| signature::is_name(text)) else {
            return false;
        };
        // The position was the line before: it moves into the block.
        if let Some(Part::Prose(lines)) = self.parts.last_mut() {
            lines.pop();
            if lines.is_empty() {
                self.parts.pop();
            }
        }
        let signed = (position, text.trim().to_string());
        let block = Part::Block("signature", signature::yaml(&[signed]));
        self.parts.push(block);
        true
    }

    fn table(&mut self, t: &Table, levels: &mut Levels) {
        self.tables += 1;
        if self.title.is_none() && is_stamp_table(t) {
            for cell in t.rows.iter().flat_map(|r| &r.cells) {
                let lines: Vec<String> = cell
                    .text()
                    .lines()
                    .map(str::to_string)
                    .filter(|l| !l.trim().is_empty())
                    .collect();
                if !lines.is_empty() {
                    self.approval.push(stamp_yaml(&lines));
                }
            }
            return;
        }
        self.position = None;
        if let Some(signed) = signature::from_table(t) {
            let block = Part::Block("signature", signature::yaml(&signed));
            self.parts.push(block);
            return;
        }
        let number = self.tables;
        let mut part = table_part(t, number, levels, &mut self.title, &mut self.report);
        let doc = self.doc;
        let notes = match &mut part {
            Part::Block(_, value) => cell_notes(value, &|id| footnote(doc, id)),
            _ => Vec::new(),
        };
        self.parts.push(part);
        if !notes.is_empty() {
            self.parts.push(Part::Prose(notes));
        }
    }

    /// The source: the front matter, then the parts in order.
    fn finish(mut self, today: NaiveDate) -> Imported {
        if let Some(lines) = self.stamp.take() {
            self.approval.push(stamp_yaml(&lines));
        }
        let report = &mut self.report;
        if self.tables == 0 {
            report.look_at.push(
                "в документе нет таблицы: план записан как текст; если мероприятия в нём перечислены списком, перенесите их в блок ```table (см. docs/format.md)".to_string(),
            );
        }
        let title = self.title.unwrap_or_else(|| {
            report
                .look_at
                .push("заглавие плана не найдено: впишите его в поле `title`".to_string());
            "План мероприятий".to_string()
        });
        let mut meta = Mapping::new();
        meta.insert("title".into(), escape(&title).into());
        meta.insert(
            "updated".into(),
            today.format("%Y-%m-%d").to_string().into(),
        );
        if let Some(period) = period_in(&title) {
            meta.insert("period".into(), period.into());
        }
        report.title = Some(title);
        report.marks = self.marks.len();
        report.stamps = self.approval.len();
        if !self.marks.is_empty() {
            meta.insert("marks".into(), Value::Sequence(self.marks));
        }
        if !self.approval.is_empty() {
            meta.insert("approval".into(), Value::Sequence(self.approval));
        }
        let mut source = format!("---\n{}---\n", yaml(&Value::Mapping(meta)));
        for part in self.parts {
            write_part(&mut source, part, report);
        }
        Imported {
            source,
            report: self.report,
        }
    }
}

/// The text of the document's footnote `id`.
fn footnote<'d>(doc: &'d Document, id: &str) -> Option<&'d str> {
    doc.footnotes
        .iter()
        .find(|(n, _)| n == id)
        .map(|(_, t)| t.as_str())
}

/// Appends a part of the document to the source.
fn write_part(source: &mut String, part: Part, report: &mut Report) {
    match part {
        Part::Prose(lines) => {
            report.prose += 1;
            let text = lines.join("\n\n");
            let text = collapse_blank_lines(&text);
            if !text.trim().is_empty() {
                source.push('\n');
                source.push_str(text.trim());
                source.push('\n');
            }
        }
        // A heading with no entries, or fewer than three lines that only
        // look like a list of abbreviations: text.
        Part::Glossary(heading, entries)
            if entries.is_empty() || (heading.is_none() && entries.len() < 3) =>
        {
            let lines = heading.iter().chain(entries.iter().map(|(_, text)| text));
            for line in lines {
                source.push_str(&format!("\n{}\n", escape(line)));
            }
        }
        Part::Glossary(heading, entries) => {
            report.glossary += entries.len();
            let mut block = Mapping::new();
            if let Some(heading) = heading {
                block.insert("title".into(), heading.into());
            }
            let entries = entries.into_iter().map(|(entry, _)| entry).collect();
            block.insert("entries".into(), Value::Sequence(entries));
            let block = yaml(&Value::Mapping(block));
            source.push_str(&format!("\n```glossary\n{block}```\n"));
        }
        Part::Block(kind, value) => {
            source.push_str(&format!("\n```{kind}\n{}```\n", yaml(&value)));
        }
    }
}

/// A table as a ```table block, or a ```passport when its headers name no
/// column roles and it has two columns (label → text).
fn table_part(
    t: &Table,
    number: usize,
    levels: &mut Levels,
    title: &mut Option<String>,
    report: &mut Report,
) -> Part {
    let two_columns = t.rows.iter().all(|r| r.cells.len() == 2);
    match table::convert(t, levels) {
        Some(mut c) if c.recognised || !two_columns => {
            // A sheet's title row is the plan's title when the plan has
            // none yet; title rows otherwise are the table's caption.
            if c.unfilled {
                report.look_at.push(format!(
                    "таблица {number}: объединённые по вертикали ячейки повторяют слишком много текста — в части строк они оставлены пустыми; впишите их текст сами"
                ));
            }
            let named = c
                .titles
                .iter()
                .position(|t| starts_with_any(t, TITLE_STARTS));
            if let Some(at) = named.filter(|_| title.is_none()) {
                *title = Some(c.titles.remove(at));
            }
            if !c.titles.is_empty() {
                let caption = escape(&c.titles.join("\n")).replace('\n', "\\\n");
                let mut yaml = Mapping::new();
                yaml.insert("caption".into(), caption.into());
                if let Value::Mapping(rest) = c.yaml {
                    yaml.extend(rest);
                }
                c.yaml = Value::Mapping(yaml);
            }
            if !c.recognised {
                report.look_at.push(format!(
                    "таблица {number}: роли столбцов не распознаны по заголовкам — она записана со своими столбцами; проверьте `key` в `columns`"
                ));
            }
            report.tables.push(TableReport {
                number,
                kind: TableKind::Plan,
                columns: c.columns,
                sections: c.sections,
                items: c.items,
                rows: c.rows,
            });
            Part::Block("table", c.yaml)
        }
        // No row but one cell across: a framed text, read as text.
        None => Part::Prose(
            t.rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|c| escape(&c.text()).replace('\n', "\\\n"))
                .filter(|line| !line.is_empty())
                .collect(),
        ),
        Some(_) => {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .filter_map(|r| {
                    let label = r.cells.first()?.text();
                    let text = r.cells.get(1).map(Cell::text).unwrap_or_default();
                    let mut row = Mapping::new();
                    row.insert("label".into(), escape(&label).into());
                    row.insert("text".into(), escape(&text).into());
                    Some(Value::Mapping(row))
                })
                .collect();
            report.tables.push(TableReport {
                number,
                kind: TableKind::Passport,
                columns: Vec::new(),
                sections: 0,
                items: rows.len(),
                rows: Vec::new(),
            });
            let mut passport = Mapping::new();
            passport.insert("rows".into(), Value::Sequence(rows));
            Part::Block("passport", Value::Mapping(passport))
        }
    }
}

/// «Используемые сокращения:», «Список сокращений»: the document's own
/// glossary follows.
fn is_glossary_heading(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '.']).to_lowercase();
    matches!(
        t.as_str(),
        "используемые сокращения"
            | "список сокращений"
            | "список используемых сокращений"
            | "сокращения"
    )
}

/// A line whose term is an abbreviation in capitals («МОУО – органы …»).
fn is_acronym_entry(text: &str) -> bool {
    let term = text.split([' ', '\u{a0}']).next().unwrap_or_default();
    let capitals = term.chars().filter(|c| c.is_uppercase()).count();
    capitals >= 2 && term.chars().all(|c| c.is_alphabetic())
}

/// «ИМЦ – Информационно-методический центр»: a short term, a dash between
/// spaces, its full form.
fn glossary_entry(text: &str) -> Option<Value> {
    if let Some(note) = glossary_note(text) {
        return Some(note);
    }
    let (at, dash) = [" – ", " - ", " — "]
        .iter()
        .filter_map(|d| text.find(d).map(|i| (i, *d)))
        .min()?;
    let term = text[..at].trim();
    let full = text[at + dash.len()..].trim();
    let short = term.split_whitespace().count() <= 4 && term.chars().any(char::is_uppercase);
    if !short || full.is_empty() {
        return None;
    }
    let mut entry = Mapping::new();
    entry.insert("term".into(), term.into());
    // A footnote mark after the full form («…обучающихся*»).
    let (full, mark) = match full.strip_suffix('*') {
        Some(full) => (full.trim_end(), Some("*")),
        None => (full, None),
    };
    entry.insert("full".into(), escape(full).into());
    if let Some(mark) = mark {
        entry.insert("mark".into(), mark.into());
    }
    if dash.trim() == "-" {
        entry.insert("separator".into(), "-".into());
    }
    Some(Value::Mapping(entry))
}

/// «*- определяется на основании …»: the note a mark in the list refers to.
fn glossary_note(text: &str) -> Option<Value> {
    let rest = text.trim_start().strip_prefix('*')?;
    let (separator, note) = match rest.trim_start().chars().next()? {
        dash @ ('-' | '–' | '—') => (Some(dash), rest.trim_start()[dash.len_utf8()..].trim()),
        _ => (None, rest.trim()),
    };
    let mut entry = Mapping::new();
    entry.insert("note".into(), escape(note).into());
    entry.insert("mark".into(), "*".into());
    if separator == Some('-') {
        entry.insert("separator".into(), "-".into());
    }
    Some(Value::Mapping(entry))
}

/// A table of stamps: every filled cell opens with «УТВЕРЖДЕНО»,
/// «СОГЛАСОВАНО»…
fn is_stamp_table(t: &Table) -> bool {
    let texts: Vec<String> = t
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect();
    !texts.is_empty()
        && t.rows.len() <= 2
        && texts.iter().all(|t| starts_with_any(t, STAMP_HEADINGS))
}

/// A stamp's lines: its heading, then the rest as text in its order.
fn stamp_yaml(lines: &[String]) -> Value {
    let mut stamp = Mapping::new();
    if let Some((heading, rest)) = lines.split_first() {
        stamp.insert("heading".into(), heading.trim().into());
        if !rest.is_empty() {
            stamp.insert("text".into(), escape(&rest.join("\n")).into());
        }
    }
    Value::Mapping(stamp)
}

fn is_title(p: &Paragraph) -> bool {
    p.heading == Some(1) || starts_with_any(&p.text, TITLE_STARTS)
}

fn starts_with_any(text: &str, starts: &[&str]) -> bool {
    let lower = text.trim().to_lowercase();
    starts.iter().any(|s| lower.starts_with(s))
}

/// «… на 2023 год» at the end of a title: the plan's period.
fn period_in(title: &str) -> Option<String> {
    let at = title.rfind(" на ")?;
    let tail = title[at + " на ".len()..].trim().trim_end_matches('.');
    crate::period::parse_plan_span(tail).map(|_| tail.to_string())
}

/// A paragraph as a line of Markdown: a heading, a list item or text, its
/// footnote marks followed by their texts; `None` for an empty one.
fn markdown_line<'a>(p: &Paragraph, footnote: &impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    if p.text.trim().is_empty() && p.label.is_none() {
        return None;
    }
    // A line break inside a paragraph stays one (a Markdown hard break);
    // a heading is one line.
    let breaks = |text: String| text.replace('\n', "\\\n");
    let line = match (&p.label, p.heading) {
        (_, Some(level)) => {
            let hashes = "#".repeat(usize::from(level.clamp(2, 4)));
            format!("{hashes} {}", escape(&p.labelled().replace('\n', " ")))
        }
        // Flat: an indent after a numbered line would make a code block.
        (Some(Label::Bullet), None) => format!("- {}", breaks(escape(&p.text))),
        _ => breaks(escape(&p.labelled())),
    };
    let mut out = line;
    for (id, note) in footnote_marks(&p.text)
        .into_iter()
        .filter_map(|id| Some((id.clone(), footnote(&id)?)))
    {
        out.push_str(&format!("\n\n[^{id}]: {}", escape(note)));
    }
    Some(out)
}

/// Footnotes cited in a table's cells. A cell is not a page: its mark
/// could not link to a note written elsewhere, so each `[^2]` becomes the
/// printed mark «²», and the notes follow the table as text, each once,
/// every word kept.
fn cell_notes<'a>(value: &mut Value, footnote: &impl Fn(&str) -> Option<&'a str>) -> Vec<String> {
    let mut notes = Vec::new();
    let mut seen = Vec::new();
    mark_cells(value, footnote, &mut seen, &mut notes);
    notes
}

fn mark_cells<'a>(
    value: &mut Value,
    footnote: &impl Fn(&str) -> Option<&'a str>,
    seen: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    match value {
        Value::String(text) if text.contains("[^") => {
            for id in footnote_marks(text) {
                let mark = printed_mark(&id);
                *text = text.replace(&format!("[^{id}]"), &mark);
                if seen.contains(&id) {
                    continue;
                }
                if let Some(note) = footnote(&id) {
                    notes.push(format!("{mark} {}", escape(note)));
                }
                seen.push(id);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                mark_cells(item, footnote, seen, notes);
            }
        }
        Value::Mapping(fields) => {
            for (_, field) in fields.iter_mut() {
                mark_cells(field, footnote, seen, notes);
            }
        }
        _ => {}
    }
}

/// A footnote's mark as printed: «2» → «²», anything else «*».
fn printed_mark(id: &str) -> String {
    const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: Option<String> = id
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| SUPERSCRIPTS.get(d as usize).copied())
        })
        .collect();
    digits
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "*".to_string())
}

/// The ids of the «[^N]» marks in a text.
fn footnote_marks(text: &str) -> Vec<String> {
    text.match_indices("[^")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            let end = rest.find(']')?;
            Some(rest[..end].to_string())
        })
        .collect()
}

/// Text that Markdown would read as markup, written literally: emphasis
/// marks, brackets (but not footnote marks), a number that would start a
/// list.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let footnote = c == '[' && chars.get(i + 1) == Some(&'^');
        let closes_footnote = c == ']'
            && chars[..i]
                .iter()
                .rev()
                .take_while(|&&p| p != '[')
                .all(|p| p.is_alphanumeric() || *p == '^');
        match c {
            '*' | '_' | '`' | '<' | '>' | '#' | '|' | '\\' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '[' | ']' if !footnote && !closes_footnote => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // «1. Текст» at the start of a line would become a list numbered by
    // Markdown; «- текст» a bullet (the document's own bullet is «•»).
    out.split('\n')
        .map(|line| {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let after = &line[digits..];
            let marker = after.starts_with(['.', ')']);
            let ends = after.chars().nth(1).is_none_or(char::is_whitespace);
            if digits > 0 && marker && ends {
                format!("{}\\{}", &line[..digits], after)
            } else if line.starts_with("- ") || line.starts_with("+ ") {
                format!("\\{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// YAML text of a value; serde_yaml quotes what needs quoting.
fn yaml(value: &Value) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::{Cell, Merge, Row};

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            text: text.to_string(),
            ..Paragraph::default()
        })
    }

    fn cell(text: &str, span: usize, merge: Merge) -> Cell {
        Cell {
            paragraphs: vec![Paragraph {
                text: text.to_string(),
                ..Paragraph::default()
            }],
            span,
            merge,
        }
    }

    fn row(cells: &[(&str, usize)]) -> Row {
        Row {
            header: false,
            number: 0,
            cells: cells
                .iter()
                .map(|&(t, s)| cell(t, s, Merge::None))
                .collect(),
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 3, 20).unwrap_or_default()
    }

    #[test]
    fn a_plan_document_becomes_a_source_that_checks() {
        let mut period_start = row(&[("1.1.", 1), ("Совещание", 1), ("Март 2023", 1), ("ИМЦ", 1)]);
        period_start.cells[2].merge = Merge::Start;
        let mut period_continued = row(&[("1.2.", 1), ("Семинар", 1), ("", 1), ("ИМЦ", 1)]);
        period_continued.cells[2].merge = Merge::Continue;
        let table = Table {
            rows: vec![
                Row {
                    header: true,
                    ..row(&[
                        ("№ п/п", 1),
                        ("Мероприятия", 1),
                        ("Срок исполнения", 1),
                        ("Ответственные", 1),
                    ])
                },
                row(&[("1", 1), ("2", 1), ("3", 1), ("4", 1)]),
                row(&[("I. Организационные мероприятия", 4)]),
                row(&[("Задачи: подготовить работу", 4)]),
                period_start,
                period_continued,
                row(&[
                    ("1.2.1.", 1),
                    ("Секция *учителей*", 1),
                    ("Апрель 2023", 1),
                    ("ИМЦ", 1),
                ]),
                row(&[("II.", 1), ("Мониторинг", 3)]),
                row(&[("2.1.", 1), ("Анализ", 1), ("Май 2023", 1), ("ИМЦ", 1)]),
            ],
        };
        let stamp = Table {
            rows: vec![row(&[
                ("УТВЕРЖДАЮ\nНачальник отдела\nИ.И. Иванов", 1),
                ("", 1),
            ])],
        };
        let doc = Document {
            blocks: vec![
                para("Приложение № 1 к распоряжению от 01.02.2023 № 5"),
                Block::Table(stamp),
                para("ПЛАН мероприятий на 2023 год"),
                para("1. Общие положения"),
                para(""),
                Block::Table(table),
            ],
            footnotes: Vec::new(),
        };
        let imported = convert(&doc, day(), &mut Levels::new(&[], true));
        let dir = tempfile::tempdir().expect("tempdir");
        let district = dir.path().join("content/d");
        std::fs::create_dir_all(&district).expect("mkdir");
        std::fs::write(dir.path().join("content/site.yaml"), "title: Т\n").expect("site");
        std::fs::write(
            district.join("district.yaml"),
            "name: Район\nkind: municipal_district\nregion: Область\nbodies:\n  - id: imc\n    name: ИМЦ\nglossary:\n  - term: ИМЦ\n    full: Информационно-методический центр\n",
        )
        .expect("district");
        std::fs::write(district.join("plan.md"), &imported.source).expect("plan");
        let loaded = crate::load::load_and_check(dir.path());
        let loud: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity != crate::diagnostics::Severity::Note)
            .collect();
        assert!(loud.is_empty(), "{loud:#?}\n{}", imported.source);
        let plan = &loaded.site.districts[0].plans[0];
        assert_eq!(plan.title.source, "ПЛАН мероприятий на 2023 год");
        assert_eq!(plan.period_text.as_deref(), Some("2023 год"));
        assert_eq!(plan.marks.len(), 1);
        assert_eq!(plan.approval[0].heading.as_deref(), Some("УТВЕРЖДАЮ"));
        let table = plan.tables().next().expect("table");
        assert_eq!(table.sections.len(), 2);
        assert!(table.sections[0].tasks.is_some());
        assert!(table.sections[1].number_cell);
        let items = table.all_items();
        let numbers: Vec<&str> = items.iter().filter_map(|i| i.number.as_deref()).collect();
        assert_eq!(numbers, ["1.1.", "1.2.", "1.2.1.", "2.1."]);
        assert_eq!(
            table.sections[0].items[1].children.len(),
            1,
            "1.2.1. under 1.2."
        );
        let periods: Vec<&str> = items
            .iter()
            .filter_map(|i| i.period.as_ref())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            periods,
            ["Март 2023", "Март 2023", "Апрель 2023", "Май 2023"]
        );
        let text = items[2].text.as_ref().map(|m| m.source.as_str());
        assert_eq!(
            text,
            Some("Секция \\*учителей\\*"),
            "markup in the document stays text"
        );
        assert_eq!(imported.report.tables[0].items, 4);
        assert_eq!(imported.report.stamps, 1);
    }

    #[test]
    fn footnotes_in_cells_keep_their_text_after_the_table() {
        let table = Table {
            rows: vec![
                row(&[("№", 1), ("Мероприятия", 1), ("Сроки", 1)]),
                row(&[("1.", 1), ("Семинар[^4]", 1), ("Март 2023[^3]", 1)]),
                row(&[("2.", 1), ("Совещание[^4]", 1), ("Май 2023", 1)]),
            ],
        };
        let doc = Document {
            blocks: vec![
                para("ПЛАН мероприятий"),
                Block::Table(table),
                para("Конец."),
            ],
            footnotes: vec![
                ("3".to_string(), "По согласованию с *ИРО*.".to_string()),
                ("4".to_string(), "Для учителей математики.".to_string()),
            ],
        };
        let source = convert(&doc, day(), &mut Levels::new(&[], true)).source;
        assert!(source.contains("text: Семинар⁴\n"), "{source}");
        assert!(source.contains("period: Март 2023³\n"), "{source}");
        let after = source.split("```\n").last().unwrap_or_default();
        assert_eq!(
            after,
            "\n⁴ Для учителей математики.\n\n³ По согласованию с \\*ИРО\\*.\n\nКонец.\n"
        );
        assert_eq!(printed_mark("12"), "¹²");
        assert_eq!(printed_mark("a"), "*");
    }

    #[test]
    fn rows_above_a_sheets_header_are_its_title_and_caption() {
        let table = Table {
            rows: vec![
                row(&[("Приложение № 2", 1), ("", 1), ("", 1)]),
                row(&[("ПЛАН мероприятий на 2024 год", 1), ("", 1), ("", 1)]),
                row(&[("к приказу от 01.02.2024 № 5", 1), ("", 1), ("", 1)]),
                row(&[("№", 1), ("Мероприятия", 1), ("Сроки", 1)]),
                row(&[("1.", 1), ("Семинар", 1), ("Март", 1)]),
            ],
        };
        let doc = Document {
            blocks: vec![Block::Table(table)],
            footnotes: Vec::new(),
        };
        let imported = convert(&doc, day(), &mut Levels::new(&[], true));
        assert_eq!(
            imported.report.title.as_deref(),
            Some("ПЛАН мероприятий на 2024 год")
        );
        assert!(
            imported
                .source
                .contains("```table\ncaption: |-\n  Приложение № 2\\\n  к приказу от 01.02.2024 № 5\ncolumns:"),
            "{}",
            imported.source
        );
        assert_eq!(imported.report.tables[0].rows, [5]);
    }

    #[test]
    fn framed_text_is_text_and_columns_that_are_not_levels_make_no_matrix() {
        let framed = Table {
            rows: vec![
                row(&[("Внимание: сроки уточняются.", 3)]),
                row(&[("Второй абзац", 3)]),
            ],
        };
        let table = Table {
            rows: vec![
                row(&[
                    ("Мероприятие", 1),
                    ("Организатор", 1),
                    ("Уровень проведения", 1),
                ]),
                row(&[("Семинар", 1), ("ИМЦ", 1), ("районный", 1)]),
            ],
        };
        let doc = Document {
            blocks: vec![Block::Table(framed), Block::Table(table)],
            footnotes: Vec::new(),
        };
        let mut levels = Levels::new(&[], true);
        let imported = convert(&doc, day(), &mut levels);
        assert!(
            imported
                .source
                .contains("\nВнимание: сроки уточняются.\n\nВторой абзац\n"),
            "{}",
            imported.source
        );
        assert!(levels.new.is_empty());
        assert!(!imported.source.contains("body:"), "{}", imported.source);
    }

    #[test]
    fn a_two_column_table_without_roles_is_a_passport() {
        let table = Table {
            rows: vec![
                row(&[
                    ("Наименование программы", 1),
                    ("Программа поддержки школ", 1),
                ]),
                row(&[("Сроки реализации", 1), ("2023 год", 1)]),
            ],
        };
        let doc = Document {
            blocks: vec![para("Программа поддержки школ"), Block::Table(table)],
            footnotes: Vec::new(),
        };
        let imported = convert(&doc, day(), &mut Levels::new(&[], true));
        assert!(
            imported
                .source
                .contains("```passport\nrows:\n- label: Наименование программы"),
            "{}",
            imported.source
        );
    }
}
