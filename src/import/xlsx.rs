//! An Excel workbook's visible sheets as tables: the sheets streamed with
//! quick-xml, the small parts (workbook, relationships, styles, shared
//! strings) read whole up to a limit; shared strings, dates read as dates (by the cell's
//! number format), merged cells as spans (across) and continued cells
//! (down) so that a merged cell's text fills the rows it covers, hidden
//! rows and sheets left out and counted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use chrono::NaiveDate;
use quick_xml::events::Event;

use super::docx::{Cell, Merge, Paragraph, ReadError, Row, Table, MAX_TEXT};
use super::xml::{attr, name, reference, stream};

/// A sheet read as a table.
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
    pub hidden_rows: usize,
}

#[derive(Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    /// Names of the sheets left out because they are hidden.
    pub hidden_sheets: Vec<String>,
}

/// Reads an XLSX file.
pub fn read(path: &Path) -> Result<Workbook, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    read_from(file)
}

/// Reads an XLSX from any seekable source.
pub fn read_from<R: Read + Seek>(source: R) -> Result<Workbook, ReadError> {
    let mut archive = super::docx::open_archive(source)?;
    let mut part = |name: &'static str| -> Result<Option<String>, ReadError> {
        match archive.by_name(name) {
            Ok(f) => {
                let mut text = String::new();
                let limit = MAX_TEXT as u64 + 1;
                f.take(limit)
                    .read_to_string(&mut text)
                    .map_err(|_| ReadError::Xml { part: name, at: 0 })?;
                if text.len() > MAX_TEXT {
                    return Err(ReadError::TooLarge);
                }
                Ok(Some(text))
            }
            Err(_) => Ok(None),
        }
    };
    let workbook = part("xl/workbook.xml")?.ok_or(ReadError::Missing("xl/workbook.xml"))?;
    let rels = part("xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let strings = match part("xl/sharedStrings.xml")? {
        Some(text) => shared_strings(text.as_bytes())?,
        None => Vec::new(),
    };
    let date_styles = match part("xl/styles.xml")? {
        Some(text) => date_styles(text.as_bytes())?,
        None => HashSet::new(),
    };
    let targets = relationships(rels.as_bytes())?;
    let (sheets, date1904) = sheet_list(workbook.as_bytes())?;
    let mut book = Workbook::default();
    for (name, id, hidden) in sheets {
        if hidden {
            book.hidden_sheets.push(name);
            continue;
        }
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Ok(file) = archive.by_name(&path) else {
            continue;
        };
        let context = Context {
            strings: &strings,
            date_styles: &date_styles,
            date1904,
        };
        let (table, hidden_rows) = read_sheet(BufReader::new(file), &context)?;
        book.sheets.push(Sheet {
            name,
            table,
            hidden_rows,
        });
    }
    Ok(book)
}

/// What a sheet's cells need to be read.
struct Context<'a> {
    strings: &'a [String],
    date_styles: &'a HashSet<usize>,
    date1904: bool,
}

/// `<si>` texts, runs joined, phonetic guides left out.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, ReadError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut in_text, mut phonetic) = (false, false);
    stream(xml, "xl/sharedStrings.xml", |event| match event {
        Event::Start(e) => match name(&e) {
            "si" => current.clear(),
            "t" => in_text = true,
            "rPh" => phonetic = true,
            _ => {}
        },
        Event::Text(t) if in_text && !phonetic => current.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if in_text && !phonetic => current.push_str(&reference(&r)),
        Event::End(e) => match e.local_name().as_ref() {
            "t" => in_text = false,
            "rPh" => phonetic = false,
            "si" => out.push(std::mem::take(&mut current)),
            _ => {}
        },
        Event::Empty(e) if name(&e) == "si" => out.push(String::new()),
        _ => {}
    })?;
    Ok(out)
}

/// The indexes of the cell styles whose number format shows a date.
fn date_styles(xml: &[u8]) -> Result<HashSet<usize>, ReadError> {
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats: Vec<String> = Vec::new();
    let mut in_xfs = false;
    stream(xml, "xl/styles.xml", |event| match event {
        Event::Start(e) | Event::Empty(e) => match name(&e) {
            "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                    custom.insert(id, code);
                }
            }
            "cellXfs" => in_xfs = true,
            "xf" if in_xfs => formats.push(attr(&e, "numFmtId").unwrap_or_default()),
            _ => {}
        },
        Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
        _ => {}
    })?;
    Ok(formats
        .iter()
        .enumerate()
        .filter(|(_, id)| is_date_format(id, custom.get(id.as_str()).map(String::as_str)))
        .map(|(i, _)| i)
        .collect())
}

/// Excel's built-in date formats, or a format code with days, months or
/// years outside quoted text and brackets.
fn is_date_format(id: &str, code: Option<&str>) -> bool {
    let builtin = id
        .parse::<u32>()
        .is_ok_and(|n| matches!(n, 14..=22 | 45..=47));
    let custom = code.is_some_and(|code| {
        let mut quoted = false;
        let mut bracket = false;
        code.chars().any(|c| {
            match c {
                '"' => quoted = !quoted,
                '[' => bracket = true,
                ']' => bracket = false,
                _ => {}
            }
            !quoted && !bracket && matches!(c.to_ascii_lowercase(), 'd' | 'y')
        })
    });
    builtin || custom
}

/// Relationship id → target.
fn relationships(xml: &[u8]) -> Result<HashMap<String, String>, ReadError> {
    let mut out = HashMap::new();
    stream(xml, "xl/_rels/workbook.xml.rels", |event| {
        if let Event::Start(e) | Event::Empty(e) = event {
            if name(&e) == "Relationship" {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
        }
    })?;
    Ok(out)
}

/// (name, relationship id, hidden) of each sheet, and the 1904 date system.
type SheetList = (Vec<(String, String, bool)>, bool);

fn sheet_list(xml: &[u8]) -> Result<SheetList, ReadError> {
    let mut sheets = Vec::new();
    let mut date1904 = false;
    stream(xml, "xl/workbook.xml", |event| {
        if let Event::Start(e) | Event::Empty(e) = event {
            match name(&e) {
                "sheet" => {
                    let hidden =
                        matches!(attr(&e, "state").as_deref(), Some("hidden" | "veryHidden"));
                    if let (Some(n), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                        sheets.push((n, id, hidden));
                    }
                }
                "workbookPr" => {
                    date1904 = matches!(attr(&e, "date1904").as_deref(), Some("1" | "true"));
                }
                _ => {}
            }
        }
    })?;
    Ok((sheets, date1904))
}

/// (row, column), both from 0.
type Position = (usize, usize);

/// A merged range: its top-left and bottom-right cells.
type CellRange = (Position, Position);

/// A cell being read.
#[derive(Default)]
struct Raw {
    at: Position,
    kind: Option<String>,
    style: usize,
    value: String,
}

/// A sheet's cells (row, column → text), its merged ranges and hidden rows.
fn read_sheet<R: BufRead>(source: R, context: &Context) -> Result<(Table, usize), ReadError> {
    let mut cells: BTreeMap<Position, String> = BTreeMap::new();
    let mut merges: Vec<CellRange> = Vec::new();
    let mut hidden: HashSet<usize> = HashSet::new();
    let mut row: usize = 0;
    let mut raw: Option<Raw> = None;
    let mut in_value = false;
    // Where a cell without an `r` stands: after the one before it.
    let mut column = 0;
    let mut text_bytes = 0usize;
    stream(source, "xl/worksheets", |event| match event {
        // An empty `<v/>` holds no value: nothing to collect.
        Event::Empty(e) if matches!(name(&e), "v" | "t") => {}
        Event::Start(e) | Event::Empty(e) => match name(&e) {
            "row" => {
                column = 0;
                row = attr(&e, "r")
                    .and_then(|r| r.parse::<usize>().ok())
                    .map_or_else(|| row.saturating_add(1), |r| r.max(1));
                if matches!(attr(&e, "hidden").as_deref(), Some("1" | "true")) {
                    hidden.insert(row - 1);
                }
            }
            "c" => {
                let at = attr(&e, "r")
                    .and_then(|r| position(&r))
                    .unwrap_or((row.saturating_sub(1), column));
                column = at.1.saturating_add(1);
                raw = Some(Raw {
                    at,
                    kind: attr(&e, "t"),
                    style: attr(&e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                    value: String::new(),
                });
            }
            "v" | "t" => in_value = true,
            "mergeCell" => {
                if let Some((from, to)) = attr(&e, "ref").and_then(|r| range(&r)) {
                    merges.push((from, to));
                }
            }
            _ => {}
        },
        Event::Text(t) if in_value => {
            if let Some(c) = &mut raw {
                c.value.push_str(&t.xml10_content());
            }
        }
        Event::GeneralRef(r) if in_value => {
            if let Some(c) = &mut raw {
                c.value.push_str(&reference(&r));
            }
        }
        Event::End(e) => match e.local_name().as_ref() {
            "v" | "t" => in_value = false,
            "c" => {
                if let Some(c) = raw.take() {
                    let text = cell_text(&c, context);
                    let inside = c.at.0 < MAX_ROWS && c.at.1 < MAX_COLUMNS;
                    if inside && !text.is_empty() {
                        text_bytes = text_bytes.saturating_add(text.len());
                        cells.insert(c.at, text);
                    }
                }
            }
            _ => {}
        },
        _ => {}
    })?;
    if text_bytes > MAX_TEXT {
        return Err(ReadError::TooLarge);
    }
    let hidden_rows = hidden.len();
    Ok((table(&cells, &merges, &hidden), hidden_rows))
}

/// A cell's text: a shared string, inline text, a date (dd.mm.yyyy) or a
/// number as Excel shows it without a format.
fn cell_text(c: &Raw, context: &Context) -> String {
    let value = c.value.trim();
    match c.kind.as_deref() {
        Some("s") => value
            .parse::<usize>()
            .ok()
            .and_then(|i| context.strings.get(i))
            .cloned()
            .unwrap_or_default(),
        Some("inlineStr" | "str" | "e") => value.to_string(),
        Some("b") => if value == "1" {
            "ИСТИНА"
        } else {
            "ЛОЖЬ"
        }
        .to_string(),
        _ if context.date_styles.contains(&c.style) => serial_date(value, context.date1904)
            .map_or_else(|| value.to_string(), |d| d.format("%d.%m.%Y").to_string()),
        // As Excel shows it: «2.2999999999999998» is stored for 2.3.
        _ => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => n.to_string(),
            _ => value.to_string(),
        },
    }
}

/// Excel's day number as a date (1900 system, with its 29.02.1900 that
/// never was; or the 1904 system).
fn serial_date(value: &str, date1904: bool) -> Option<NaiveDate> {
    let days = value.parse::<f64>().ok()?.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    let days = days as i64;
    let (base, days) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else {
        (
            NaiveDate::from_ymd_opt(1899, 12, 30)?,
            if days < 60 { days + 1 } else { days },
        )
    };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// «C12» → (row 11, column 2).
fn position(reference: &str) -> Option<Position> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let row: usize = reference[letters.len()..].parse().ok()?;
    let column = letters.chars().try_fold(0usize, |n, c| {
        n.checked_mul(26)?
            .checked_add(c.to_ascii_uppercase() as usize - 'A' as usize + 1)
    })?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

/// «A2:D3» → its corners.
fn range(reference: &str) -> Option<CellRange> {
    let (from, to) = reference.split_once(':')?;
    Some((position(from)?, position(to)?))
}

/// The most rows and columns a sheet is read to: a stray cell far away
/// must not make a grid of millions of empty cells.
const MAX_ROWS: usize = 100_000;
const MAX_COLUMNS: usize = super::docx::MAX_COLUMNS;

/// The most cells merges may cover in a sheet.
const MAX_MERGED: usize = 1_000_000;

/// The cells as table rows; merges as spans across and continued cells
/// down; hidden rows and empty rows left out.
fn table(
    cells: &BTreeMap<Position, String>,
    merges: &[CellRange],
    hidden: &HashSet<usize>,
) -> Table {
    let rows = cells
        .keys()
        .map(|(r, _)| r + 1)
        .max()
        .unwrap_or(0)
        .min(MAX_ROWS);
    let columns = cells
        .keys()
        .map(|(_, c)| c + 1)
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMNS);
    // Each covered position: the merge's top-left and its column span.
    let mut covered: HashMap<Position, (Position, usize)> = HashMap::new();
    for &(from, to) in merges {
        let last_row = to.0.min(rows.saturating_sub(1));
        let last_column = to.1.min(columns.saturating_sub(1));
        let cells =
            (last_row.saturating_sub(from.0) + 1) * (last_column.saturating_sub(from.1) + 1);
        // A merge over the whole sheet of a broken file is left out.
        if from.0 > last_row || from.1 > last_column || covered.len() + cells > MAX_MERGED {
            continue;
        }
        let span = last_column - from.1 + 1;
        for r in from.0..=last_row {
            for c in from.1..=last_column {
                covered.insert((r, c), (from, span));
            }
        }
    }
    let text = |r: usize, c: usize| cells.get(&(r, c)).cloned().unwrap_or_default();
    let mut table = Table::default();
    for r in (0..rows).filter(|r| !hidden.contains(r)) {
        let mut row = Row {
            number: r + 1,
            ..Row::default()
        };
        let mut c = 0;
        while c < columns {
            let (top_left, span) = covered.get(&(r, c)).copied().unwrap_or(((r, c), 1));
            let merge = match (covered.contains_key(&(r, c)), top_left.0 == r) {
                (false, _) => Merge::None,
                (true, true) => Merge::Start,
                (true, false) => Merge::Continue,
            };
            let content = if merge == Merge::Continue {
                String::new()
            } else {
                text(top_left.0, top_left.1)
            };
            row.cells.push(Cell {
                paragraphs: vec![Paragraph {
                    text: content,
                    ..Paragraph::default()
                }],
                span,
                merge,
            });
            c += span.max(1);
        }
        if row
            .cells
            .iter()
            .any(|cell| !cell.text().is_empty() || cell.merge == Merge::Continue)
        {
            table.rows.push(row);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_dates_and_formats() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("AB12"), Some((11, 27)));
        assert_eq!(position("12"), None);
        assert_eq!(range("A2:D3"), Some(((1, 0), (2, 3))));
        assert_eq!(
            serial_date("45000", false),
            NaiveDate::from_ymd_opt(2023, 3, 15)
        );
        assert_eq!(
            serial_date("59", false),
            NaiveDate::from_ymd_opt(1900, 2, 28)
        );
        assert_eq!(serial_date("0", false), None);
        assert!(is_date_format("14", None));
        assert!(is_date_format("164", Some("DD.MM.YYYY")));
        assert!(!is_date_format("164", Some("0.00\" дней\"")));
        assert!(!is_date_format("0", Some("General")));
    }

    #[test]
    fn a_merge_over_the_whole_sheet_and_far_cells_are_bounded() {
        let mut cells = BTreeMap::new();
        cells.insert((0, 0), "Мероприятия".to_string());
        cells.insert((2, 1), "Семинар".to_string());
        let whole = range("A1:XFD1048576").unwrap_or_default();
        let t = table(&cells, &[whole], &HashSet::new());
        // Clipped to the cells there are: three rows of two columns.
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells[0].span, 2);
        assert_eq!(position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(position("ZZZZZZZZZZZZZZZZ1"), None, "no overflow");
    }

    #[test]
    fn merged_cells_fill_what_they_cover_and_hidden_rows_go() {
        let mut cells = BTreeMap::new();
        for (at, text) in [
            ((0, 0), "№"),
            ((0, 1), "Мероприятия"),
            ((0, 2), "Сроки"),
            ((1, 0), "I. Раздел"),
            ((2, 0), "1.1"),
            ((2, 1), "Совещание"),
            ((2, 2), "Март 2023"),
            ((3, 0), "скрыто"),
            ((4, 0), "1.2"),
            ((4, 1), "Семинар"),
        ] {
            cells.insert(at, text.to_string());
        }
        let merges = [((1, 0), (1, 2)), ((2, 2), (4, 2))];
        let hidden: HashSet<usize> = [3].into_iter().collect();
        let t = table(&cells, &merges, &hidden);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[1].cells.len(), 1);
        assert_eq!(t.rows[1].cells[0].span, 3);
        assert_eq!(t.rows[2].cells[2].merge, Merge::Start);
        assert_eq!(t.rows[3].cells[2].merge, Merge::Continue);
        assert_eq!(t.rows[3].cells[1].text(), "Семинар");
    }
}
