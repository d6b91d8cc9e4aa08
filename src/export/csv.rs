//! A plan as a CSV table: one row per item, for spreadsheets.
//!
//! The file is written for Excel as Russian users have it:
//!
//! * UTF-8 **with a BOM** — without it Excel reads the file as Windows-1251
//!   and shows Cyrillic as mojibake;
//! * **`;` as the separator** — Excel with Russian regional settings splits
//!   CSV on the list separator, which is `;` there (`,` is the decimal
//!   comma), so a `,`-separated file would open as one column;
//! * RFC 4180 quoting and CRLF line ends, which every other reader accepts.

use super::{iso, opt_plain, plain, rows, Row};
use crate::model::{ColumnKey, District, Plan, Table};

/// The byte order mark that tells Excel the file is UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Excel with Russian regional settings expects `;` (`,` is the decimal
/// comma there), so `;` is what makes the file open as columns.
const SEPARATOR: char = ';';

/// Columns before the tables' own ones.
const LEADING: &[&str] = &[
    "Таблица",
    "Раздел",
    "Номер",
    "Мероприятие",
    "Ответственные",
    "Исполнители",
    "Срок",
    "Начало",
    "Окончание",
    "Ожидаемый результат",
    "Примечание",
];

/// Columns after the tables' own ones.
const TRAILING: &[&str] = &["Состояние", "Отчёт"];

/// The plan as CSV: a header row in Russian, then every item of every
/// table depth first, group rows included (their children follow them).
/// Fields are separated by `;` for Russian Excel (see the module docs).
/// The district is not a column: the file is published in its folder.
pub fn plan_csv(_district: &District, plan: &Plan) -> Vec<u8> {
    let extra = extra_columns(plan);
    let mut out = String::new();
    let header = LEADING
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .chain(TRAILING.iter().copied());
    write_record(&mut out, header);
    for row in rows(plan) {
        let fields = fields(&row, &extra);
        write_record(&mut out, fields.iter().map(String::as_str));
    }
    let mut bytes = BOM.to_vec();
    bytes.extend_from_slice(out.as_bytes());
    bytes
}

/// Titles of every custom or matrix column of any table, in order of first
/// appearance; tables sharing a column title share the CSV column.
fn extra_columns(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for table in plan.tables() {
        for column in &table.columns {
            if matches!(column.key, ColumnKey::Custom(_)) && !out.contains(&column.title) {
                out.push(column.title.clone());
            }
        }
    }
    out
}

fn fields(row: &Row<'_>, extra: &[String]) -> Vec<String> {
    let item = row.item;
    let period = item.period.as_ref();
    let mut fields = vec![
        table_name(row.table, row.table_index),
        section_path(row),
        item.number.clone().unwrap_or_default(),
        opt_plain(item.text.as_ref()),
        item.responsible
            .as_ref()
            .map(|r| r.text.clone())
            .unwrap_or_default(),
        item.bodies(row.table)
            .iter()
            .map(|b| b.0.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        period.map(|p| p.text.clone()).unwrap_or_default(),
        period.and_then(|p| p.start()).map(iso).unwrap_or_default(),
        period.and_then(|p| p.end()).map(iso).unwrap_or_default(),
        opt_plain(item.result.as_deref()),
        opt_plain(item.note.as_deref()),
    ];
    fields.extend(extra.iter().map(|title| custom_cell(row, title)));
    fields.push(
        item.status
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
    );
    fields.push(opt_plain(item.report.as_deref()));
    fields
}

/// The table's caption, or «Таблица N» when the document gives none.
fn table_name(table: &Table, index: usize) -> String {
    let caption = opt_plain(table.caption.as_ref());
    if caption.is_empty() {
        format!("Таблица {}", index + 1)
    } else {
        caption
    }
}

/// «1. Организационные / 1.1. Подготовка»: every section around the item.
fn section_path(row: &Row<'_>) -> String {
    row.sections
        .iter()
        .map(|s| {
            let number = s.number.as_deref().unwrap_or("").trim();
            let title = opt_plain(s.title.as_ref());
            format!("{number} {title}").trim().to_string()
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The row's cell in its table's column of that title, if the table has one.
fn custom_cell(row: &Row<'_>, title: &str) -> String {
    row.table
        .columns
        .iter()
        .find(|c| matches!(c.key, ColumnKey::Custom(_)) && c.title == title)
        .and_then(|c| row.item.cells.get(c.key.as_str()))
        .map(plain)
        .unwrap_or_default()
}

fn write_record<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        write_field(out, field);
    }
    out.push_str("\r\n");
}

/// RFC 4180: a field holding a separator, a quote or a line break is
/// quoted, with its quotes doubled. Formula injection (OWASP «CSV
/// injection») is guarded against whatever separator the reader uses:
/// Excel with other regional settings splits on `,` or a tab, not `;`,
/// and ignores our quotes when they do not open its field. So every place
/// where any reader's field could begin — the start, or after a `,`, `;`,
/// tab or quote, spaces skipped — gets an apostrophe before a formula
/// sign (`=`, `+`, `-`, `@`), which spreadsheets show as text.
fn write_field(out: &mut String, field: &str) {
    let guarded = guard_formulas(field);
    let field = guarded.as_str();
    if field.contains([SEPARATOR, ',', '\t', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// `field` with an apostrophe before each formula sign that could start
/// a field for some reader (see [`write_field`]).
fn guard_formulas(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut field_may_start = true;
    for c in field.chars() {
        if field_may_start && matches!(c, '=' | '+' | '-' | '@') {
            out.push('\'');
        }
        out.push(c);
        if matches!(c, ',' | ';' | '\t' | '"' | '\r' | '\n') {
            field_may_start = true;
        } else if c != ' ' {
            field_may_start = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{plan, site};

    /// A small RFC 4180 reader with `;` as the separator: quoted fields may
    /// hold `;`, doubled quotes and line breaks; records end with CRLF.
    fn read_csv(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ';') => record.push(std::mem::take(&mut field)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (false, '\n') => panic!("bare LF outside quotes"),
                (false, c) => field.push(c),
            }
        }
        assert!(!quoted, "unterminated quote");
        assert!(
            field.is_empty() && record.is_empty(),
            "last record lacks CRLF"
        );
        records
    }

    fn parsed(slug: &str) -> (usize, Vec<Vec<String>>) {
        let site = site();
        let (d, p) = plan(&site, slug);
        let bytes = plan_csv(d, p);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        let items = p.tables().map(|t| t.all_items().len()).sum();
        (items, read_csv(&text))
    }

    fn column(records: &[Vec<String>], title: &str) -> usize {
        records[0]
            .iter()
            .position(|h| h == title)
            .unwrap_or_else(|| panic!("no column {title}"))
    }

    #[test]
    fn every_plan_has_a_row_per_item() {
        for slug in [
            "centralny",
            "kirovsky",
            "leningradskaya-oblast",
            "livensky",
            "vasileostrovsky",
        ] {
            let (items, records) = parsed(slug);
            assert_eq!(records.len(), items + 1, "{slug}");
            let width = records[0].len();
            assert!(records.iter().all(|r| r.len() == width), "{slug}");
        }
    }

    #[test]
    fn kirovsky_cells() {
        let (_, records) = parsed("kirovsky");
        assert_eq!(records[0][0], "Таблица");
        assert_eq!(records[0].last().map(String::as_str), Some("Отчёт"));
        let number = column(&records, "Номер");
        let row = records
            .iter()
            .find(|r| r[number] == "3.1.")
            .expect("row 3.1.");
        assert_eq!(row[column(&records, "Ответственные")], "цоко имц, оо");
        assert_eq!(row[column(&records, "Исполнители")], "coko-imc, oo");
        assert_eq!(row[column(&records, "Раздел")], "III. Мониторинг");
        assert_eq!(row[column(&records, "Таблица")], "Таблица 1");
    }

    #[test]
    fn livensky_custom_column_and_dates() {
        let (_, records) = parsed("livensky");
        let period = column(&records, "Срок");
        let row = records
            .iter()
            .find(|r| r[period] == "До 1 октября текущего года")
            .expect("the 1 October row");
        assert_eq!(row[column(&records, "Окончание")], "2023-10-01");
        let form = records[0]
            .iter()
            .position(|h| h.starts_with("Форма"))
            .expect("the form column");
        assert_eq!(row[form], "Заполнение формы");
    }

    #[test]
    fn matrix_cells_have_their_columns() {
        let (_, records) = parsed("centralny");
        let otdel = column(
            &records,
            "Отдел образования Администрации Центрального района Санкт-Петербурга",
        );
        assert!(records[1][otdel].starts_with("Назначить районного координатора"));
        assert_eq!(
            records[1][column(&records, "Исполнители")],
            "otdel, imc, schools"
        );
        assert!(records[1][column(&records, "Раздел")].contains(" / "));
    }

    /// Splits a record the way a spreadsheet set to `separator` does
    /// (RFC 4180 quotes honoured only where they open a field).
    fn split_as(record: &str, separator: char) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = record.chars().peekable();
        while let Some(c) = chars.next() {
            let field = fields.last_mut().unwrap();
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' if quoted => quoted = false,
                '"' if field.is_empty() => quoted = true,
                c if c == separator && !quoted => fields.push(String::new()),
                c => field.push(c),
            }
        }
        fields
    }

    #[test]
    fn no_reader_finds_a_formula_whatever_its_separator() {
        let hostile = [
            "Выполнено,=cmd|' /C calc'!A0",
            "=1+2",
            "  @SUM(A1)",
            "a;-2+3+cmd|' /C calc'!A0",
            "табуляция\t+1",
            "кавычка\"=1",
            "строка\n=1",
        ];
        let mut out = String::new();
        write_record(&mut out, hostile.into_iter());
        let record = out.trim_end_matches("\r\n");
        for separator in [';', ',', '\t'] {
            for field in split_as(record, separator) {
                let first = field.trim_start_matches([' ', '"']).chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@')),
                    "separator {separator:?}: field {field:?} of {record:?}"
                );
            }
        }
        // Read back with our own separator, the text differs only by the
        // apostrophes.
        let back = read_csv(&out);
        assert_eq!(back[0][0], "Выполнено,'=cmd|' /C calc'!A0");
        assert_eq!(back[0][1], "'=1+2");
        // Ordinary text is untouched.
        assert_eq!(guard_formulas("Март - май 2023"), "Март - май 2023");
    }

    #[test]
    fn quoting() {
        let mut out = String::new();
        write_record(
            &mut out,
            ["a", "b;c", "say \"hi\"", "two\nlines", ""].into_iter(),
        );
        assert_eq!(out, "a;\"b;c\";\"say \"\"hi\"\"\";\"two\nlines\";\r\n");
        assert_eq!(
            read_csv(&out),
            [vec!["a", "b;c", "say \"hi\"", "two\nlines", ""]]
        );
    }
}
