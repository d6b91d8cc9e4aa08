//! The paste-ready HTML fragment for a school site: plain table markup with
//! inline styles, no scripts, no classes, no relative links — what survives a
//! CMS editor (Joomla, WordPress, site constructors) pasted in HTML mode.

use crate::markdown::to_plain;
use crate::model::{Item, Plan, Section, Table};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use crate::render::text::{escape, push_escaped};
use crate::typography::{typograph, Memo};

const TABLE: &str = "border-collapse:collapse;width:100%;font-size:14px;line-height:1.4";
/// Around each table: a wide table scrolls inside it, so the school's page
/// itself never scrolls sideways on a phone.
const WRAP: &str = "<div style=\"overflow-x:auto;max-width:100%\">\n";
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

/// Makes the fragments of one district. Its texts recur (a plan's fragment,
/// then the fragment of every body an item names), so each cell's HTML is
/// made once.
pub struct Fragments {
    texts: RefCell<HashMap<String, String>>,
    /// Shared with the district's `Abbreviations`.
    typeset: Rc<Memo>,
}

impl Fragments {
    pub fn new(typeset: Rc<Memo>) -> Fragments {
        Fragments {
            texts: RefCell::default(),
            typeset,
        }
    }

    /// Appends a text as plain text with typography, escaped, line breaks
    /// kept as `<br>`.
    fn text(&self, out: &mut String, markdown: &str) {
        if let Some(html) = self.texts.borrow().get(markdown) {
            out.push_str(html);
            return;
        }
        let mut html = String::with_capacity(markdown.len() + 16);
        for (k, line) in to_plain(markdown).split('\n').enumerate() {
            if k > 0 {
                html.push_str("<br>");
            }
            push_escaped(&mut html, &self.typeset.typograph(line));
        }
        out.push_str(&html);
        self.texts.borrow_mut().insert(markdown.to_string(), html);
    }

    /// A fragment for a whole plan: its title and every table.
    /// `source` is an absolute link to the plan page, when the site address is known.
    pub fn plan(&self, plan: &Plan, source: Option<&str>) -> String {
        let mut out = String::with_capacity(32 * 1024);
        out.push_str("<h2>");
        self.text(&mut out, &plan.title.source);
        out.push_str("</h2>\n");
        for table in plan.tables() {
            self.table(table, &mut out);
        }
        source_line(&mut out, source, plan.updated);
        out
    }

    /// A fragment of chosen rows (a body's items): columns Срок, Пункт, Мероприятие.
    pub fn rows(
        &self,
        title: &str,
        rows: &[(String, String, String)],
        source: Option<&str>,
        updated: chrono::NaiveDate,
    ) -> String {
        let mut out = String::with_capacity(32 * 1024);
        out.push_str("<h2>");
        push_escaped(&mut out, &typograph(title));
        out.push_str("</h2>\n");
        out.push_str(WRAP);
        out.push_str("<table style=\"");
        out.push_str(TABLE);
        out.push_str("\">\n<thead><tr>");
        for head in ["Срок", "Пункт", "Мероприятие"] {
            out.push_str(&format!("<th scope=\"col\" style=\"{TH}\">{head}</th>"));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (period, number, text) in rows {
            out.push_str("<tr>");
            cell_start(&mut out);
            push_escaped(&mut out, &self.typeset.typograph(period));
            out.push_str("</td>");
            cell_start(&mut out);
            push_escaped(&mut out, number);
            out.push_str("</td>");
            cell_start(&mut out);
            self.text(&mut out, text);
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
        source_line(&mut out, source, updated);
        out
    }

    fn table(&self, table: &Table, out: &mut String) {
        out.push_str(WRAP);
        out.push_str(&format!("<table style=\"{TABLE}\">\n"));
        if let Some(c) = &table.caption {
            out.push_str("<caption style=\"text-align:left;font-weight:bold;padding:4px 0\">");
            self.text(out, &c.source);
            out.push_str("</caption>\n");
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
            self.item_rows(table, item, out);
        }
        for section in &table.sections {
            self.section_rows(table, section, width, out);
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn section_rows(&self, table: &Table, section: &Section, width: usize, out: &mut String) {
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
            "</tbody>\n<tbody>\n<tr><th colspan=\"{width}\" scope=\"rowgroup\" style=\"{TH}\">"
        ));
        self.text(out, title.trim());
        out.push_str("</th></tr>\n");
        for (label, body) in [
            ("Задачи:", &section.tasks),
            ("Показатели:", &section.indicators),
            ("", &section.text),
        ] {
            if let Some(m) = body {
                out.push_str(&format!("<tr><td colspan=\"{width}\" style=\"{TD}\">"));
                if !label.is_empty() {
                    out.push_str(&format!("<strong>{label}</strong><br>"));
                }
                self.text(out, &m.source);
                out.push_str("</td></tr>\n");
            }
        }
        for item in &section.items {
            self.item_rows(table, item, out);
        }
        for sub in &section.sections {
            self.section_rows(table, sub, width, out);
        }
    }

    fn item_rows(&self, table: &Table, item: &Item, out: &mut String) {
        out.push_str("<tr>");
        for c in &table.columns {
            cell_start(out);
            self.text(out, item.column_text(&c.key).unwrap_or_default());
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
        for child in &item.children {
            self.item_rows(table, child, out);
        }
    }
}

/// `<td>` with the fragment's cell style.
fn cell_start(out: &mut String) {
    out.push_str("<td style=\"");
    out.push_str(TD);
    out.push_str("\">");
}

fn source_line(out: &mut String, source: Option<&str>, updated: chrono::NaiveDate) {
    let date = crate::dates::date_long_published(updated);
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
