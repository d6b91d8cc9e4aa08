//! A plan's document as its templates see it (`document.html`, `doc-head.html`,
//! `table.html`, `signature.html`): the head, then the blocks, every text
//! already HTML for the page. Tables are flattened into rows, so templates
//! need no recursion. The plan page and its embed page show the same one.

use chrono::Datelike;
use serde::Serialize;

use super::{Crumb, DateView, TextRenderer};
use crate::dates;
use crate::markdown::truncate;
use crate::model::District;
use crate::model::{
    Block, ColumnKey, GlossaryBlockEntry, Item, Plan, Section, Signature, SignaturePart, Status,
    Table,
};
use crate::period::Period;
use crate::render::text::Html;

/// The plan's document, as the plan page and the embed page both show it.
#[derive(Serialize)]
pub(super) struct DocumentView {
    plan: PlanView,
    blocks: Vec<BlockView>,
    /// The title and stamps come first (the source has no `head` block).
    head_at_top: bool,
    /// Some table has four columns or more.
    wide: bool,
    /// The plan's chapters and tables in order, for the short contents at
    /// the top of its page.
    #[serde(skip)]
    pub(super) contents: Vec<Crumb>,
}

impl DocumentView {
    /// The keys the document adds to a page's context: no page view may
    /// have them (see `pages::with_document`).
    pub(super) const KEYS: [&'static str; 4] = ["plan", "blocks", "head_at_top", "wide"];
}

/// The plan as its document's head and the page around it show it.
#[derive(Serialize)]
struct PlanView {
    title: Html,
    marks: Vec<Html>,
    approval: Vec<SignatureView>,
    updated: DateView,
    period: Option<Html>,
    /// Whether the plan has a timeline page (a table with a period column).
    timeline_href: bool,
    signature_file: Option<SignatureLink>,
}

/// The link to a plan's signature or scan on its page, with format and
/// size as the rules for official documents ask.
#[derive(Serialize)]
struct SignatureLink {
    href: String,
    label: &'static str,
    info: String,
}

/// The view of the plan's document.
pub(super) fn document_view(
    district: &District,
    plan: &Plan,
    plain_title: &str,
    text: &TextRenderer,
) -> DocumentView {
    // A term is linked to the glossary where it is first rendered: the
    // head, then the blocks, then the period. The period stands in the
    // page's aside, which the embed page (sharing this document's HTML)
    // does not have: the link must fall inside the document.
    let title = text.inline(&plan.title.source);
    let marks = plan.marks.iter().map(|m| text.inline(&m.source)).collect();
    let approval = plan
        .approval
        .iter()
        .map(|s| signature_view(s, text))
        .collect();
    let (blocks, contents) = block_views(plan, plain_title, text);
    let signature_file = signature_of(district, plan).map(|signed| SignatureLink {
        label: if matches!(signed.format.as_str(), "SIG" | "P7S") {
            "Электронная подпись документа"
        } else {
            "Подписанный документ"
        },
        info: format!("{}, {}", signed.format, signed.size),
        href: signed.href,
    });
    let view = PlanView {
        title,
        marks,
        approval,
        updated: DateView::new(plan.updated),
        period: plan.period_text.as_deref().map(|p| text.plain(p)),
        timeline_href: plan.tables().any(|t| t.has_column(&ColumnKey::Period)),
        signature_file,
    };
    DocumentView {
        plan: view,
        blocks,
        head_at_top: !plan.blocks.iter().any(|b| matches!(b, Block::Head)),
        wide: plan.tables().any(|t| t.columns.len() >= 4),
        contents,
    }
}

/// A plan's detached signature or signed scan, as its page links to it.
pub(super) struct Signed {
    /// From the plan's folder.
    pub(super) href: String,
    /// The file's extension in capitals: «PDF», «SIG», «P7S», «JPG».
    pub(super) format: String,
    /// «15 байт».
    pub(super) size: String,
}

pub(super) fn signature_of(district: &District, plan: &Plan) -> Option<Signed> {
    let a = district.attachment(plan.signature_file.as_deref()?)?;
    let format = a.published_name.rsplit('.').next().unwrap_or("");
    Some(Signed {
        href: format!("../files/{}", a.published_name),
        format: format.to_uppercase(),
        size: crate::typography::human_size(usize::try_from(a.size).unwrap_or(usize::MAX)),
    })
}

#[derive(Debug, Clone, Serialize)]
struct SignatureView {
    pub heading: Option<Html>,
    pub position: Option<Html>,
    pub name: Option<Html>,
    pub date: Option<Html>,
    pub date_iso: Option<String>,
    pub number: Option<Html>,
    pub text: Option<Html>,
    /// The fields in the source's order, as the page shows them.
    pub parts: Vec<SignaturePartView>,
}

/// One line of a stamp: `class` is `sig-heading`, `sig-date`…
#[derive(Debug, Clone, Serialize)]
struct SignaturePartView {
    pub class: &'static str,
    /// A block (`div`) rather than a line (`p`): position and text hold
    /// Markdown paragraphs.
    pub block: bool,
    pub html: Html,
}

fn signature_view(s: &Signature, text: &TextRenderer) -> SignatureView {
    let mut view = SignatureView {
        heading: s.heading.as_deref().map(|h| text.plain(h)),
        position: s.position.as_ref().map(|m| text.inline(&m.source)),
        name: s.name.as_deref().map(|n| text.plain(n)),
        date: s.date.as_deref().map(|d| text.plain(d)),
        date_iso: s.date_value.map(dates::date_iso),
        number: s.number.as_deref().map(|n| text.plain(n)),
        text: s.text.as_ref().map(|m| text.block(&m.source)),
        parts: Vec::new(),
    };
    view.parts = s
        .order
        .iter()
        .filter_map(|&part| signature_part(&view, s, part))
        .collect();
    view
}

/// A field of the stamp as a line; a date that reads as a day is a
/// `<time>`, also where it stands inside the stamp's sentence.
fn signature_part(
    view: &SignatureView,
    s: &Signature,
    part: SignaturePart,
) -> Option<SignaturePartView> {
    let time = |date: &Html| match &view.date_iso {
        Some(iso) => Html::trusted(format!("<time datetime=\"{iso}\">{}</time>", date.as_str())),
        None => date.clone(),
    };
    let (class, block, html) = match part {
        SignaturePart::Heading => ("sig-heading", false, view.heading.clone()?),
        SignaturePart::Position => ("sig-position", true, view.position.clone()?),
        SignaturePart::Name => ("sig-name", false, view.name.clone()?),
        SignaturePart::Date => ("sig-date", false, time(view.date.as_ref()?)),
        SignaturePart::Number => ("sig-number", false, view.number.clone()?),
        SignaturePart::Text => {
            let html = view.text.clone()?;
            let date = view
                .date
                .as_ref()
                .filter(|_| s.in_text && view.date_iso.is_some());
            let at = date.and_then(|d| in_text_node(html.as_str(), d.as_str()).map(|at| (d, at)));
            let html = match at {
                Some((date, at)) => {
                    let html = html.as_str();
                    let after = &html[at + date.as_str().len()..];
                    Html::trusted(format!("{}{}{after}", &html[..at], time(date).as_str()))
                }
                None => html,
            };
            ("sig-text", true, html)
        }
    };
    Some(SignaturePartView { class, block, html })
}

/// Where `needle` first stands in a text node of `html`, not inside a tag
/// (an `href` or `title` may hold the same characters).
fn in_text_node(html: &str, needle: &str) -> Option<usize> {
    html.match_indices(needle).map(|(at, _)| at).find(|&at| {
        let before = &html[..at];
        before
            .rfind('<')
            .is_none_or(|open| before.rfind('>').is_some_and(|close| close > open))
    })
}

#[derive(Debug, Clone, Serialize)]
struct ColumnView {
    pub key: String,
    pub title: Html,
}

#[derive(Debug, Clone, Serialize)]
struct CellView {
    pub html: Html,
    /// The number column becomes a row header.
    pub is_number: bool,
    pub key: String,
}

/// One row of a flattened table: a section's heading, a section's own
/// text, or an item.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum RowView {
    Section {
        depth: usize,
        number: Option<Html>,
        title: Option<Html>,
        /// The number has a cell of its own.
        number_cell: bool,
    },
    SectionText {
        depth: usize,
        text: Option<Html>,
        tasks: Option<Html>,
        indicators: Option<Html>,
    },
    Item(ItemRow),
}

#[derive(Debug, Clone, Serialize)]
struct ItemRow {
    pub depth: usize,
    pub anchor: String,
    pub number: Option<String>,
    /// The item has sub-items.
    pub group: bool,
    pub cells: Vec<CellView>,
    pub status: Option<&'static str>,
    pub status_key: Option<&'static str>,
    pub report: Option<Html>,
    /// (title, URL) of each piece of evidence.
    pub evidence: Vec<(String, String)>,
    /// For the page's filters: the ids of the bodies that answer for the
    /// item and the months it spans (`2023-03`), space-separated.
    pub bodies: String,
    pub months: String,
}

#[derive(Debug, Clone, Serialize)]
struct TableView {
    pub id: String,
    pub caption: Html,
    /// The caption is the document's own (shown) or ours (for screen readers).
    pub caption_is_document: bool,
    pub columns: Vec<ColumnView>,
    /// The column headers as CSS custom properties (`--l1:'№ п/п';…`): on
    /// a phone each row is a card and each cell is labelled with its
    /// column's header (`vekha.css`).
    pub labels: String,
    pub rows: Vec<RowView>,
    pub matrix: bool,
    /// Wide tables print in landscape.
    pub wide: bool,
}

/// Builds a table view; `index` is the table's number in the plan.
fn table_view(table: &Table, index: usize, plan_title: &str, text: &TextRenderer) -> TableView {
    let mut rows = Vec::new();
    for item in &table.items {
        item_rows(item, 0, table, text, &mut rows);
    }
    for section in &table.sections {
        section_rows(section, 0, table, text, &mut rows);
    }
    let (caption, caption_is_document) = match &table.caption {
        Some(c) => (text.inline(&c.source), true),
        None => (
            Html::escaped(&format!("Таблица {}: {plan_title}", index + 1)),
            false,
        ),
    };
    TableView {
        id: table_id(table, index),
        caption,
        caption_is_document,
        columns: table
            .columns
            .iter()
            .map(|c| ColumnView {
                key: c.key.as_str().to_string(),
                title: text.plain(&c.title),
            })
            .collect(),
        labels: column_labels(table),
        rows,
        matrix: table.is_matrix(),
        wide: table.columns.len() >= 4,
    }
}

/// The months `item`'s period spans, in order, each once.
pub(super) fn item_months(item: &Item) -> Vec<(i32, u32)> {
    let mut out: Vec<(i32, u32)> = item
        .period
        .iter()
        .flat_map(|p| &p.intervals)
        .flat_map(|i| dates::months_between(i.start, i.end))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The months `item` spans, for the filters' script: a span of months as
/// `2023-01/2023-12`, a single month as `2023-03`, space-separated.
pub(super) fn month_spans(item: &Item) -> String {
    let mut spans: Vec<String> = item
        .period
        .iter()
        .flat_map(|p| &p.intervals)
        .map(|i| {
            let (from, to) = (
                month_key((i.start.year(), i.start.month())),
                month_key((i.end.year(), i.end.month())),
            );
            if from == to {
                from
            } else {
                format!("{from}/{to}")
            }
        })
        .collect();
    spans.dedup();
    spans.join(" ")
}

/// `(2023, 3)` → `2023-03`: a month in a filter's value.
pub(super) fn month_key((y, m): (i32, u32)) -> String {
    format!("{y}-{m:02}")
}

fn join(words: impl Iterator<Item = String>) -> String {
    words.collect::<Vec<_>>().join(" ")
}

/// The id of the plan's `index`-th table (from 0) on its page.
pub(super) fn table_id(table: &Table, index: usize) -> String {
    table
        .id
        .clone()
        .unwrap_or_else(|| format!("table-{}", index + 1))
}

/// The headers of `table` as CSS custom properties, `--l1` for the first
/// column, typeset as the header row shows them: strings in single quotes,
/// with what CSS strings must escape escaped (the template escapes the
/// attribute for HTML).
fn column_labels(table: &Table) -> String {
    let mut css = String::new();
    for (i, column) in table.columns.iter().enumerate() {
        css.push_str(&format!("--l{}:'", i + 1));
        for c in crate::typography::typograph(&column.title).chars() {
            match c {
                '\\' | '\'' => css.push_str(&format!("\\{:x} ", u32::from(c))),
                '\n' | '\r' => css.push(' '),
                c if c.is_control() => {}
                c => css.push(c),
            }
        }
        css.push_str("';");
    }
    css
}

fn section_rows(
    section: &Section,
    depth: usize,
    table: &Table,
    text: &TextRenderer,
    rows: &mut Vec<RowView>,
) {
    rows.push(RowView::Section {
        depth,
        number: section.number.as_deref().map(|n| text.plain(n)),
        title: section.title.as_ref().map(|t| text.inline(&t.source)),
        number_cell: section.number_cell,
    });
    if section.tasks.is_some() || section.indicators.is_some() || section.text.is_some() {
        rows.push(RowView::SectionText {
            depth,
            text: section.text.as_ref().map(|m| text.block(&m.source)),
            tasks: section.tasks.as_ref().map(|m| text.block(&m.source)),
            indicators: section.indicators.as_ref().map(|m| text.block(&m.source)),
        });
    }
    for item in &section.items {
        item_rows(item, depth + 1, table, text, rows);
    }
    for sub in &section.sections {
        section_rows(sub, depth + 1, table, text, rows);
    }
}

fn item_rows(
    item: &Item,
    depth: usize,
    table: &Table,
    text: &TextRenderer,
    rows: &mut Vec<RowView>,
) {
    rows.push(RowView::Item(ItemRow {
        depth,
        anchor: item.anchor.clone(),
        number: item.number.clone(),
        group: !item.children.is_empty(),
        cells: table
            .columns
            .iter()
            .map(|c| cell(item, &c.key, text))
            .collect(),
        status: item.status.map(|s| s.label()),
        status_key: item.status.map(Status::key),
        report: item.report.as_ref().map(|m| text.inline(&m.source)),
        evidence: item
            .evidence
            .iter()
            .map(|e| (e.title.clone(), e.url.clone()))
            .collect(),
        bodies: join(item.bodies(table).iter().map(|b| b.0.clone())),
        months: month_spans(item),
    }));
    for child in &item.children {
        item_rows(child, depth + 1, table, text, rows);
    }
}

/// The HTML of one cell of an item.
fn cell(item: &Item, key: &ColumnKey, text: &TextRenderer) -> CellView {
    let html = match key {
        ColumnKey::Number => item.number.as_deref().map(|n| text.plain(n)),
        ColumnKey::Text => item.text.as_ref().map(|m| text.inline(&m.source)),
        ColumnKey::Responsible => item.responsible.as_ref().map(|r| text.plain(&r.text)),
        ColumnKey::Period => item.period.as_ref().map(|p| period_html(p, text)),
        ColumnKey::Result => item.result.as_ref().map(|m| text.inline(&m.source)),
        ColumnKey::Note => item.note.as_ref().map(|m| text.inline(&m.source)),
        ColumnKey::Custom(k) => item.cells.get(k).map(|m| text.inline(&m.source)),
    };
    CellView {
        html: html.unwrap_or_default(),
        is_number: *key == ColumnKey::Number,
        key: key.as_str().to_string(),
    }
}

/// A period as written, with its machine dates in `<time>` when it is a
/// single understood span.
fn period_html(period: &Period, text: &TextRenderer) -> Html {
    let shown = text.plain(&period.text);
    match (period.start(), period.end(), period.intervals.len()) {
        (Some(s), Some(e), 1) if s == e => Html::trusted(format!(
            "<time datetime=\"{}\">{}</time>",
            dates::date_iso(s),
            shown.as_str()
        )),
        _ => shown,
    }
}

/// A block of the document for the plan page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum BlockView {
    Prose {
        html: Html,
    },
    /// Where the title and stamps stand, when not at the top.
    Head,
    Table {
        table: TableView,
    },
    Passport {
        title: Option<Html>,
        /// (label, text) of each row.
        rows: Vec<(Html, Html)>,
    },
    Glossary {
        title: Option<Html>,
        entries: Vec<GlossaryLine>,
    },
    Signatures {
        signatures: Vec<SignatureView>,
    },
}

/// A line of the document's own list of abbreviations.
#[derive(Debug, Clone, Serialize)]
struct GlossaryLine {
    pub term: Option<Html>,
    pub separator: String,
    pub html: Html,
    pub mark: Option<String>,
}

/// Longest title of a link in a plan's contents: a line or two on a phone.
const CONTENTS_CHARS: usize = 80;

/// The document's blocks, in order, and the links of its contents: each
/// chapter of its prose and each table.
fn block_views(plan: &Plan, plan_title: &str, text: &TextRenderer) -> (Vec<BlockView>, Vec<Crumb>) {
    let tables = plan.tables().count();
    let mut table_index = 0;
    let mut out = Vec::new();
    let mut contents = Vec::new();
    for block in &plan.blocks {
        let view = match block {
            Block::Prose(m) => {
                let (html, chapters) = text.prose(&m.source);
                contents.extend(chapters.into_iter().map(|c| Crumb {
                    title: truncate(&c.title, CONTENTS_CHARS),
                    href: format!("#{}", c.id),
                }));
                BlockView::Prose { html }
            }
            Block::Head => BlockView::Head,
            Block::Table(t) => {
                contents.push(table_link(t, table_index, tables == 1));
                let table = table_view(t, table_index, plan_title, text);
                table_index += 1;
                BlockView::Table { table }
            }
            Block::Passport(p) => BlockView::Passport {
                title: p.title.as_ref().map(|t| text.inline(&t.source)),
                rows: p
                    .rows
                    .iter()
                    .map(|r| (text.inline(&r.label.source), text.block(&r.text.source)))
                    .collect(),
            },
            Block::Glossary(g) => BlockView::Glossary {
                title: g.title.as_ref().map(|t| text.inline(&t.source)),
                entries: g.entries.iter().map(|e| glossary_line(e, text)).collect(),
            },
            Block::Signatures(sigs) => BlockView::Signatures {
                signatures: sigs.iter().map(|s| signature_view(s, text)).collect(),
            },
        };
        out.push(view);
    }
    (out, contents)
}

/// The contents' link to the plan's `index`-th table (from 0): by its
/// caption, or «Таблица мероприятий» when it is the only one.
fn table_link(table: &Table, index: usize, only: bool) -> Crumb {
    Crumb {
        title: match &table.caption {
            Some(caption) => truncate(&caption.to_plain(), CONTENTS_CHARS),
            None if only => "Таблица мероприятий".to_string(),
            None => format!("Таблица {}", index + 1),
        },
        href: format!("#{}", table_id(table, index)),
    }
}

fn glossary_line(entry: &GlossaryBlockEntry, text: &TextRenderer) -> GlossaryLine {
    match entry {
        GlossaryBlockEntry::Term(t) => GlossaryLine {
            term: Some(Html::escaped(&t.term)),
            separator: t.separator.clone().unwrap_or_else(|| "–".to_string()),
            html: text.inline(&t.full.source),
            mark: t.mark.clone(),
        },
        GlossaryBlockEntry::Note {
            text: note,
            mark,
            separator,
        } => GlossaryLine {
            term: None,
            separator: separator.clone().unwrap_or_else(|| "–".to_string()),
            html: text.inline(&note.source),
            mark: mark.clone(),
        },
    }
}
