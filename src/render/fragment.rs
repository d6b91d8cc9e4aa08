//! The paste-ready HTML fragment for a school site: plain table markup with
//! inline styles, no scripts, no classes, no relative links — what survives a
//! CMS editor (Joomla, WordPress, site constructors) pasted in HTML mode.

use crate::export::plain::markdown_to_plain;
use crate::model::{Item, Plan, Section, Table};
use crate::render::text::escape;
use crate::typography::typograph;

const TABLE: &str = "border-collapse:collapse;width:100%;font-size:14px;line-height:1.4";
const TH: &str =
    "border:1px solid #777;padding:4px 6px;text-align:left;vertical-align:top;background:#eef2f7";
const TD: &str = "border:1px solid #777;padding:4px 6px;text-align:left;vertical-align:top";

/// The downloadable file of a fragment: a complete page that shows the table
/// when opened; the part to paste is what stands between `<body>` and
/// `</body>` (the page shows the same code in a text box).
pub fn fragment_document(title: &str, fragment: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{fragment}</body>\n</html>\n",
        escape(title)
    )
}

/// Plain text with typography, escaped, line breaks kept as `<br>`.
fn text_html(markdown: &str) -> String {
    let plain = markdown_to_plain(markdown);
    plain
        .split('\n')
        .map(|line| escape(&typograph(line)))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A fragment for a whole plan: its title and every table.
/// `source` is an absolute link to the plan page, when the site address is known.
pub fn plan_fragment(plan: &Plan, source: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str(&format!("<h2>{}</h2>\n", text_html(&plan.title.source)));
    for table in plan.tables() {
        table_fragment(table, &mut out);
    }
    source_line(&mut out, source, plan.updated);
    out
}

/// A fragment of chosen rows (a body's items): columns Срок, Пункт, Мероприятие.
pub fn rows_fragment(
    title: &str,
    rows: &[(String, String, String)],
    source: Option<&str>,
    updated: chrono::NaiveDate,
) -> String {
    let mut out = format!(
        "<h2>{}</h2>\n<table style=\"{TABLE}\">\n<thead><tr>",
        escape(&typograph(title))
    );
    for head in ["Срок", "Пункт", "Мероприятие"] {
        out.push_str(&format!("<th scope=\"col\" style=\"{TH}\">{head}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (period, number, text) in rows {
        out.push_str(&format!(
            "<tr><td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td><td style=\"{TD}\">{}</td></tr>\n",
            escape(&typograph(period)),
            escape(number),
            text_html(text)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    source_line(&mut out, source, updated);
    out
}

fn table_fragment(table: &Table, out: &mut String) {
    out.push_str(&format!("<table style=\"{TABLE}\">\n"));
    if let Some(c) = &table.caption {
        out.push_str(&format!(
            "<caption style=\"text-align:left;font-weight:bold;padding:4px 0\">{}</caption>\n",
            text_html(&c.source)
        ));
    }
    out.push_str("<thead><tr>");
    for c in &table.columns {
        out.push_str(&format!(
            "<th scope=\"col\" style=\"{TH}\">{}</th>",
            escape(&typograph(&c.title))
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let width = table.columns.len();
    for item in &table.items {
        item_rows(table, item, out);
    }
    for section in &table.sections {
        section_rows(table, section, width, out);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn section_rows(table: &Table, section: &Section, width: usize, out: &mut String) {
    let title = [
        section.number.clone().unwrap_or_default(),
        section
            .title
            .as_ref()
            .map(|t| t.source.clone())
            .unwrap_or_default(),
    ]
    .join(" ");
    out.push_str(&format!(
        "</tbody>\n<tbody>\n<tr><th colspan=\"{width}\" scope=\"rowgroup\" style=\"{TH}\">{}</th></tr>\n",
        text_html(title.trim())
    ));
    for (label, body) in [
        ("Задачи:", &section.tasks),
        ("Показатели:", &section.indicators),
        ("", &section.text),
    ] {
        if let Some(m) = body {
            let label = if label.is_empty() {
                String::new()
            } else {
                format!("<strong>{label}</strong><br>")
            };
            out.push_str(&format!(
                "<tr><td colspan=\"{width}\" style=\"{TD}\">{label}{}</td></tr>\n",
                text_html(&m.source)
            ));
        }
    }
    for item in &section.items {
        item_rows(table, item, out);
    }
    for sub in &section.sections {
        section_rows(table, sub, width, out);
    }
}

fn item_rows(table: &Table, item: &Item, out: &mut String) {
    out.push_str("<tr>");
    for c in &table.columns {
        out.push_str(&format!(
            "<td style=\"{TD}\">{}</td>",
            text_html(item.column_text(&c.key).unwrap_or_default())
        ));
    }
    out.push_str("</tr>\n");
    for child in &item.children {
        item_rows(table, child, out);
    }
}

fn source_line(out: &mut String, source: Option<&str>, updated: chrono::NaiveDate) {
    let date = typograph(&crate::dates::date_long(updated));
    match source {
        Some(url) => out.push_str(&format!(
            "<p style=\"font-size:13px\">Источник: <a href=\"{}\">{}</a>. Обновлено: {}.</p>\n",
            escape(url),
            escape(url),
            escape(&date)
        )),
        None => out.push_str(&format!(
            "<p style=\"font-size:13px\">Обновлено: {}.</p>\n",
            escape(&date)
        )),
    }
}
