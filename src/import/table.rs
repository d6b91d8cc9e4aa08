//! A Word table as a plan table: the header row gives the columns their
//! roles, a row that is one cell across the table is a section (and so is
//! a row whose number and title sit in two cells), the others are items;
//! items numbered «2.1.1» go under «2.1». Vertically merged cells give
//! their text to every row they span.

use serde_yaml::{Mapping, Value};

use super::columns;
use super::docx::{Cell, Merge, Row, Table, MAX_COLUMNS};
use super::source::escape;
use crate::model::ColumnKey;

/// A converted table and what was found in it.
pub struct Converted {
    pub yaml: Value,
    pub columns: Vec<(String, String)>,
    pub sections: usize,
    pub items: usize,
    /// Whether the headers named the usual roles (number, text, period…).
    pub recognised: bool,
}

/// The text of each grid column of a row (a cell spanning several columns
/// stands in the first of them), merged cells continued from `above`.
fn grid(row: &Row, width: usize, above: &[String]) -> Vec<String> {
    let mut out = vec![String::new(); width];
    let mut column = 0;
    for cell in &row.cells {
        if let Some(slot) = out.get_mut(column) {
            *slot = match cell.merge {
                Merge::Continue => above.get(column).cloned().unwrap_or_default(),
                Merge::None | Merge::Start => cell.text(),
            };
        }
        column += cell.span.max(1);
    }
    out
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

/// Converts `table`; `None` when it has no rows but title rows.
pub fn convert(table: &Table) -> Option<Converted> {
    let width = width(table);
    // Title rows above the header («ПЛАН мероприятий …» across the sheet).
    let titles = table
        .rows
        .iter()
        .take_while(|r| {
            let filled: Vec<&Cell> = r.cells.iter().filter(|c| !c.text().is_empty()).collect();
            matches!(filled.as_slice(), [one] if one.span >= width && width > 1)
        })
        .count();
    let rows = table.rows.get(titles..)?;
    let header_rows = rows.iter().take_while(|r| r.header).count().max(1);
    let header = grid(rows.first()?, width, &[]);
    let keys = columns::roles(&header);
    let recognised = keys
        .iter()
        .filter(|k| !matches!(k, ColumnKey::Custom(_)))
        .count()
        >= 2;
    let mut columns_yaml = Vec::new();
    for (key, title) in keys.iter().zip(&header) {
        let mut column = Mapping::new();
        column.insert("key".into(), key.as_str().into());
        column.insert("title".into(), title.as_str().into());
        columns_yaml.push(Value::Mapping(column));
    }
    let mut body = Body::default();
    let mut above: Vec<String> = header.clone();
    for row in rows.iter().skip(header_rows) {
        let cells = grid(row, width, &above);
        if is_column_numbers(&cells) || cells == header {
            continue;
        }
        body.row(row, &cells, &keys, width);
        above = cells;
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
            .map(|(h, k)| (h.clone(), k.as_str().to_string()))
            .collect(),
        sections,
        items,
        recognised,
    })
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
    fn row(&mut self, row: &Row, cells: &[String], keys: &[ColumnKey], width: usize) {
        if let Some(section) = section(row, width) {
            if self.section_part(&section) {
                return;
            }
            self.section_count += 1;
            self.sections.push((section, Vec::new()));
            return;
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
            return;
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
