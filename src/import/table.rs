//! A document's table (or a sheet) as a plan table: the header row gives
//! the columns their roles (or, in a matrix, their bodies), a row that is
//! one cell across the table is a section (and so is a row whose number and
//! title sit in two cells), the others are items; items numbered «2.1.1» go
//! under «2.1». Vertically merged cells give their text to every row they
//! span, within a budget.

use serde_yaml::{Mapping, Value};

use super::bodies::Levels;
use super::columns;
use super::docx::{Cell, Merge, Row, Table, MAX_COLUMNS};
use super::source::escape;
use crate::model::ColumnKey;

/// A column as it was understood.
#[derive(Debug, Clone)]
pub struct ColumnReport {
    /// The header as in the document.
    pub title: String,
    pub key: String,
    /// In a matrix, the body the column stands for.
    pub body: Option<String>,
}

/// A converted table and what was found in it.
pub struct Converted {
    pub yaml: Value,
    pub columns: Vec<ColumnReport>,
    pub sections: usize,
    pub items: usize,
    /// Whether the headers named the usual roles (number, text, period…)
    /// or the levels of a matrix.
    pub recognised: bool,
    /// The row (1-based) of each item in the document's table or the
    /// sheet, in document order.
    pub rows: Vec<usize>,
    /// The text of each title row above the header, in order.
    pub titles: Vec<String>,
    /// Whether merged cells were left empty: too much text to copy down.
    pub unfilled: bool,
}

/// The text of each grid column of a row (a cell spanning several columns
/// stands in the first of them), merged cells continued from `above` while
/// `budget` (bytes of text copied down) lasts.
fn grid(row: &Row, width: usize, above: &[String], budget: &mut Budget) -> Vec<String> {
    let mut out = vec![String::new(); width];
    let mut column = 0;
    for cell in &row.cells {
        if let Some(slot) = out.get_mut(column) {
            *slot = match cell.merge {
                Merge::Continue => {
                    let text = above.get(column).map_or("", String::as_str);
                    match budget.left.checked_sub(text.len()) {
                        Some(left) => {
                            budget.left = left;
                            text.to_string()
                        }
                        None => {
                            budget.cut = true;
                            String::new()
                        }
                    }
                }
                Merge::None | Merge::Start => cell.text(),
            };
        }
        column += cell.span.max(1);
    }
    out
}

/// What is left of the text vertically merged cells may copy into the rows
/// they cover: a small file of a long cell merged down many rows must not
/// become gigabytes.
struct Budget {
    left: usize,
    /// Whether a merged cell was left empty for want of it.
    cut: bool,
}

/// The most text a table's merged cells copy down.
const MAX_FILLED: usize = 4 * 1024 * 1024;

/// For reading headers, where nothing is copied down.
fn no_budget() -> Budget {
    Budget {
        left: 0,
        cut: false,
    }
}

/// The table's grid columns, at most `MAX_COLUMNS` (cells beyond are a
/// broken file's and are left out).
fn width(table: &Table) -> usize {
    let spans = |r: &Row| r.cells.iter().map(|c| c.span.max(1)).sum::<usize>();
    table
        .rows
        .iter()
        .map(spans)
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMNS)
}

/// Converts `table`; `None` when it has no rows but title rows. The
/// columns of a matrix get their bodies from `levels`.
pub fn convert(table: &Table, levels: &mut Levels) -> Option<Converted> {
    let width = width(table);
    // Title rows above the header («ПЛАН мероприятий …» across the sheet):
    // rows of one merged cell, or whatever stands above a row of headers.
    let merged_titles = table
        .rows
        .iter()
        .take_while(|r| {
            let filled: Vec<&Cell> = r.cells.iter().filter(|c| !c.text().is_empty()).collect();
            matches!(filled.as_slice(), [one] if one.span >= width && width > 1)
        })
        .count();
    let start = header_row(table, width).unwrap_or(merged_titles);
    let titles = table.rows[..start]
        .iter()
        .map(|r| {
            let texts: Vec<String> = r
                .cells
                .iter()
                .map(Cell::text)
                .filter(|t| !t.is_empty())
                .collect();
            texts.join(" ")
        })
        .filter(|t| !t.is_empty())
        .collect();
    let rows = table.rows.get(start..)?;
    let header_rows = rows.iter().take_while(|r| r.header).count().max(1);
    let header = grid(rows.first()?, width, &[], &mut no_budget());
    let keys = columns::roles(&header);
    let bodies = matrix_bodies(&header, &keys, levels);
    // A level's column is keyed by its body, as the format's example is.
    let keys = columns::rekey(keys, &bodies);
    let recognised = bodies.iter().flatten().count() >= 2
        || keys
            .iter()
            .filter(|k| !matches!(k, ColumnKey::Custom(_)))
            .count()
            >= 2;
    let mut columns_yaml = Vec::new();
    for ((key, title), body) in keys.iter().zip(&header).zip(&bodies) {
        let mut column = Mapping::new();
        column.insert("key".into(), key.as_str().into());
        column.insert("title".into(), title.as_str().into());
        if let Some(id) = body {
            column.insert("body".into(), id.as_str().into());
        }
        columns_yaml.push(Value::Mapping(column));
    }
    let mut body = Body::default();
    let mut above: Vec<String> = header.clone();
    let mut filled = vec![0; width];
    let mut item_rows = Vec::new();
    let mut budget = Budget {
        left: MAX_FILLED,
        cut: false,
    };
    for (i, row) in rows.iter().enumerate().skip(header_rows) {
        let cells = grid(row, width, &above, &mut budget);
        if is_column_numbers(&cells) || cells == header {
            continue;
        }
        if body.row(row, &cells, &keys, width) {
            // The document's own row number where the reader knows it.
            item_rows.push(if row.number > 0 {
                row.number
            } else {
                start + i + 1
            });
            for (count, cell) in filled.iter_mut().zip(&cells) {
                *count += usize::from(!cell.is_empty());
            }
        }
        above = cells;
    }
    for (id, rows) in bodies.iter().zip(filled) {
        if let Some(made) = levels.new.iter_mut().find(|b| Some(&b.id) == id.as_ref()) {
            made.rows += rows;
        }
    }
    let mut yaml = Mapping::new();
    yaml.insert("columns".into(), Value::Sequence(columns_yaml));
    let (sections, items) = (body.section_count, body.item_count);
    body.finish(&mut yaml);
    Some(Converted {
        yaml: Value::Mapping(yaml),
        columns: header
            .iter()
            .zip(&keys)
            .zip(bodies)
            .map(|((title, key), body)| ColumnReport {
                title: title.clone(),
                key: key.as_str().to_string(),
                body,
            })
            .collect(),
        sections,
        items,
        recognised,
        rows: item_rows,
        titles,
        unfilled: budget.cut,
    })
}

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH: usize = 10;

/// The first row, near the top, whose cells name two column roles or more
/// («№ п/п», «Мероприятия», «Сроки») and hold no item number: the header,
/// whatever is above it. A table whose first row repeats on each page
/// (Word's header row) has its header there.
fn header_row(table: &Table, width: usize) -> Option<usize> {
    if table.rows.first().is_some_and(|r| r.header) {
        return None;
    }
    table.rows.iter().take(HEADER_SEARCH).position(|row| {
        let cells = grid(row, width, &[], &mut no_budget());
        let numbered = cells
            .iter()
            .any(|c| c.starts_with(|c: char| c.is_ascii_digit()));
        !numbered && cells.iter().filter_map(|h| columns::role(h)).count() >= 2
    })
}

/// The body of each column when the table is a matrix: two columns or
/// more of its own whose headers name levels of responsibility (or bodies
/// of the territory). Other columns, and every column of other tables,
/// have none.
fn matrix_bodies(
    header: &[String],
    keys: &[ColumnKey],
    levels: &mut Levels,
) -> Vec<Option<String>> {
    let is_level = |(h, k): (&String, &ColumnKey)| {
        matches!(k, ColumnKey::Custom(_))
            && (columns::names_a_level(h) || levels.known(h).is_some())
    };
    // The levels' cells are the actions and say who acts: a table that
    // has its own text or responsible column is not a matrix.
    let has_actions = keys
        .iter()
        .any(|k| matches!(k, ColumnKey::Text | ColumnKey::Responsible));
    let count = header.iter().zip(keys).filter(|c| is_level(*c)).count();
    if count < 2 || has_actions {
        return vec![None; header.len()];
    }
    let chosen: Vec<bool> = header.iter().zip(keys).map(is_level).collect();
    header
        .iter()
        .zip(chosen)
        .map(|(h, level)| if level { levels.body(h) } else { None })
        .collect()
}

/// A row «1 | 2 | 3 | 4» that numbers the columns under the header.
fn is_column_numbers(cells: &[String]) -> bool {
    cells.len() > 1
        && cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.trim().trim_end_matches('.') == (i + 1).to_string())
}

/// Sections and items as they are read.
#[derive(Default)]
struct Body {
    /// Items before the first section.
    items: Vec<Item>,
    sections: Vec<(Mapping, Vec<Item>)>,
    section_count: usize,
    item_count: usize,
}

/// An item with its number, for nesting «2.1.1» under «2.1».
struct Item {
    number: Option<String>,
    fields: Mapping,
    children: Vec<Item>,
}

impl Body {
    /// Reads a row; whether it was an item.
    fn row(&mut self, row: &Row, cells: &[String], keys: &[ColumnKey], width: usize) -> bool {
        if let Some(section) = section(row, width) {
            if !self.section_part(&section) {
                self.section_count += 1;
                self.sections.push((section, Vec::new()));
            }
            return false;
        }
        let mut fields = Mapping::new();
        let mut number = None;
        for (key, text) in keys.iter().zip(cells) {
            if text.is_empty() {
                continue;
            }
            // Numbers, responsible cells and periods are read as plain text;
            // the other cells are Markdown.
            let value = match key {
                ColumnKey::Number => {
                    number = Some(text.clone());
                    text.clone()
                }
                ColumnKey::Responsible | ColumnKey::Period => text.clone(),
                _ => escape(text),
            };
            fields.insert(key.as_str().into(), value.into());
        }
        if fields.is_empty() {
            return false;
        }
        self.item_count += 1;
        let item = Item {
            number,
            fields,
            children: Vec::new(),
        };
        let list = match self.sections.last_mut() {
            Some((_, items)) => items,
            None => &mut self.items,
        };
        place(list, item);
        true
    }

    /// A row «Задачи: …» or «Показатели: …» across the table right after a
    /// section's heading is that section's tasks or indicators.
    fn section_part(&mut self, row: &Mapping) -> bool {
        let Some((section, items)) = self.sections.last_mut() else {
            return false;
        };
        if !items.is_empty() || row.contains_key("number") {
            return false;
        }
        let text = row.get("title").and_then(Value::as_str).unwrap_or_default();
        for (label, key) in [("Задачи:", "tasks"), ("Показатели:", "indicators")] {
            if let Some(rest) = text.strip_prefix(label) {
                if !section.contains_key(key) {
                    section.insert(key.into(), rest.trim().into());
                    return true;
                }
            }
        }
        false
    }

    fn finish(self, yaml: &mut Mapping) {
        if !self.items.is_empty() {
            yaml.insert("items".into(), items_yaml(self.items));
        }
        if !self.sections.is_empty() {
            let sections = self
                .sections
                .into_iter()
                .map(|(mut section, items)| {
                    if !items.is_empty() {
                        section.insert("items".into(), items_yaml(items));
                    }
                    Value::Mapping(section)
                })
                .collect();
            yaml.insert("sections".into(), Value::Sequence(sections));
        }
    }
}

/// Puts `item` under the last item whose number starts its own («2.1» →
/// «2.1.1»), at any depth, else at the end of `list`.
fn place(list: &mut Vec<Item>, item: Item) {
    if let Some(last) = list.last_mut() {
        let parent = last.number.as_deref().map(trimmed);
        let child = item.number.as_deref().map(trimmed);
        if let (Some(parent), Some(child)) = (parent, child) {
            if child.len() > parent.len()
                && child.starts_with(parent)
                && child[parent.len()..].starts_with('.')
            {
                place(&mut last.children, item);
                return;
            }
        }
    }
    list.push(item);
}

fn trimmed(number: &str) -> &str {
    number.trim().trim_end_matches('.')
}

fn items_yaml(items: Vec<Item>) -> Value {
    Value::Sequence(
        items
            .into_iter()
            .map(|item| {
                let mut fields = item.fields;
                if !item.children.is_empty() {
                    fields.insert("items".into(), items_yaml(item.children));
                }
                Value::Mapping(fields)
            })
            .collect(),
    )
}

/// A section row: one cell across the table («I. Организационные
/// мероприятия», «2021 год»), or a number alone in the first cell and the
/// title across the rest.
fn section(row: &Row, width: usize) -> Option<Mapping> {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.text().is_empty()).collect();
    let across = |c: &Cell| c.span.max(1) >= width && width > 1;
    let mut section = Mapping::new();
    match filled.as_slice() {
        [one] if across(one) => {
            let text = one.text();
            let (number, title) = split_number(&text);
            if let Some(number) = number {
                section.insert("number".into(), number.into());
            }
            section.insert("title".into(), escape(title).into());
        }
        [first, second]
            if is_number(&first.text())
                && first.span == 1
                && second.span + 1 >= width
                && width > 2 =>
        {
            section.insert("number".into(), first.text().into());
            section.insert("title".into(), escape(&second.text()).into());
            section.insert("number_cell".into(), true.into());
        }
        _ => return None,
    }
    Some(section)
}

/// «I.», «2.», «IV», «1.2»: a section number alone; «2023» (a year) is not.
fn is_number(text: &str) -> bool {
    let t = text.trim();
    let roman = t.trim_end_matches('.');
    let is_roman = !roman.is_empty()
        && roman
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let digits = t.chars().all(|c| c.is_ascii_digit() || c == '.');
    let dotted = t.contains('.') && t.starts_with(|c: char| c.is_ascii_digit());
    is_roman || (digits && dotted)
}

/// «I. Организационные мероприятия» → («I.», «Организационные мероприятия»).
fn split_number(text: &str) -> (Option<&str>, &str) {
    match text.split_once(char::is_whitespace) {
        Some((first, rest)) if is_number(first) => (Some(first), rest.trim()),
        _ => (None, text.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::Paragraph;

    fn cell(text: &str, merge: Merge) -> Cell {
        Cell {
            paragraphs: vec![Paragraph {
                text: text.to_string(),
                ..Paragraph::default()
            }],
            span: 1,
            merge,
        }
    }

    #[test]
    fn a_long_cell_merged_down_many_rows_is_copied_within_bounds() {
        let long = "семинар ".repeat(128 * 1024);
        let mut rows = vec![Row {
            header: true,
            number: 1,
            cells: vec![cell("№", Merge::None), cell("Мероприятие", Merge::None)],
        }];
        rows.push(Row {
            header: false,
            number: 2,
            cells: vec![cell("1.", Merge::None), cell(&long, Merge::Start)],
        });
        for n in 2..=40 {
            rows.push(Row {
                header: false,
                number: n + 1,
                cells: vec![
                    cell(&format!("{n}."), Merge::None),
                    cell("", Merge::Continue),
                ],
            });
        }
        let converted = convert(&Table { rows }, &mut Levels::new(&[], true)).expect("a table");
        assert!(converted.unfilled);
        assert_eq!(converted.items, 40);
        let yaml = serde_yaml::to_string(&converted.yaml).expect("yaml");
        let copies = yaml.matches("text: семинар").count();
        assert!((2..40).contains(&copies), "{copies} copies");
    }
}
