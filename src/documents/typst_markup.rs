//! The plan as a Typst document. Every piece of source text enters Typst as
//! a string literal (`#"…"`), never as markup, so nothing a webmaster writes
//! can be read as a Typst command.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::SignatureRow;
use crate::model::{
    Block, ColumnKey, District, GlossaryBlockEntry, Item, Plan, Section, Signature, SignaturePart,
    Table,
};

/// A Typst string literal holding `text`.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Content showing `text` as is.
fn text(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("#{}", lit(s))
    }
}

/// Whether the plan needs landscape pages (a wide table).
pub fn is_wide(plan: &Plan) -> bool {
    plan.tables().any(|t| t.columns.len() >= 4)
}

/// The whole Typst source of a plan's document.
pub fn document(district: &District, plan: &Plan, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#set document(title: {}, author: {})",
        lit(title),
        lit(&district_name(district))
    );
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", flipped: {}, margin: (x: 15mm, y: 15mm), numbering: \"1 / 1\", number-align: right)",
        is_wide(plan)
    );
    out.push_str(
        "#set text(font: \"Liberation Serif\", size: 11pt, lang: \"ru\", hyphenate: true)\n",
    );
    out.push_str("#set par(justify: true)\n");
    out.push_str("#set table(stroke: 0.5pt, inset: 4pt)\n");
    // Justified prose is hyphenated (Russian rules); table cells are not,
    // so every word of a cell stays whole for search and copying.
    out.push_str("#show table: set text(hyphenate: false)\n");
    out.push_str("#show grid: set text(hyphenate: false)\n");
    out.push_str("#show table: set par(justify: false)\n");
    out.push_str("#show heading: set block(above: 1.2em, below: 0.8em)\n");
    out.push_str("#show heading.where(level: 1): set align(center)\n");
    out.push_str("#show heading.where(level: 1): set text(size: 14pt)\n");
    out.push_str("#show heading.where(level: 2): set text(size: 12pt)\n");
    let head_at_top = !plan.blocks.iter().any(|b| matches!(b, Block::Head));
    if head_at_top {
        head(plan, &mut out);
    }
    for block in &plan.blocks {
        match block {
            Block::Head => head(plan, &mut out),
            Block::Prose(m) => out.push_str(&markdown_blocks(&m.source)),
            Block::Table(t) => table(t, &mut out),
            Block::Passport(p) => {
                out.push_str("#table(columns: (30%, 1fr),\n");
                if let Some(t) = &p.title {
                    let _ = writeln!(
                        out,
                        "  table.header(table.cell(colspan: 2)[#strong[{}]]),",
                        inline(&t.source)
                    );
                }
                for r in &p.rows {
                    let _ = writeln!(
                        out,
                        "  [{}], [{}],",
                        inline(&r.label.source),
                        markdown_blocks(&r.text.source)
                    );
                }
                out.push_str(")\n\n");
            }
            Block::Glossary(g) => {
                if let Some(t) = &g.title {
                    let _ = writeln!(out, "{}\n", inline(&t.source));
                }
                for e in &g.entries {
                    match e {
                        GlossaryBlockEntry::Term(t) => {
                            let sep = t.separator.as_deref().unwrap_or("–");
                            let mark = t.mark.as_deref().unwrap_or("");
                            let _ = writeln!(
                                out,
                                "#strong[{}] {} {}{}\n",
                                text(&t.term),
                                text(sep),
                                inline(&t.full.source),
                                text(mark)
                            );
                        }
                        GlossaryBlockEntry::Note {
                            text: note,
                            mark,
                            separator,
                        } => {
                            let mark = mark.as_deref().unwrap_or("");
                            let sep = separator.as_deref().unwrap_or("–");
                            let _ = writeln!(
                                out,
                                "{}{} {}\n",
                                text(mark),
                                text(sep),
                                inline(&note.source)
                            );
                        }
                    }
                }
            }
            Block::Signatures(sigs) => signatures(sigs, SignatureRow::InText, &mut out),
        }
    }
    out
}

fn district_name(d: &District) -> String {
    d.full_name.clone().unwrap_or_else(|| d.name.clone())
}

/// Marks, approval and title.
fn head(plan: &Plan, out: &mut String) {
    for m in &plan.marks {
        let _ = writeln!(out, "#align(right)[{}]\n", inline(&m.source));
    }
    if !plan.approval.is_empty() {
        signatures(&plan.approval, SignatureRow::Stamps, out);
    }
    let _ = writeln!(out, "#heading(level: 1)[{}]\n", inline(&plan.title.source));
}

/// Signatures side by side; a single approval stamp stands in the right
/// half, where official documents put it.
fn signatures(sigs: &[Signature], kind: SignatureRow, out: &mut String) {
    let stamps = kind == SignatureRow::Stamps;
    let columns = if stamps { 2 } else { sigs.len().clamp(1, 2) };
    let _ = writeln!(
        out,
        "#grid(columns: ({}), column-gutter: 2em, row-gutter: 1em,",
        vec!["1fr"; columns].join(", ")
    );
    if stamps && sigs.len() == 1 {
        out.push_str("  [],\n");
    }
    for s in sigs {
        let lines: Vec<String> = s
            .order
            .iter()
            .filter_map(|&part| {
                let source = s.part(part)?;
                Some(match part {
                    SignaturePart::Heading => format!("#strong[{}]", text(&source.to_uppercase())),
                    SignaturePart::Position | SignaturePart::Text => inline(source),
                    SignaturePart::Name | SignaturePart::Date | SignaturePart::Number => {
                        text(source)
                    }
                })
            })
            .collect();
        let _ = writeln!(out, "  [{}],", lines.join(" \\ "));
    }
    out.push_str(")\n\n");
}

/// A table with its own columns; the header repeats on every page.
fn table(t: &Table, out: &mut String) {
    let n = t.columns.len().max(1);
    let widths: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match c.key {
            ColumnKey::Number => "auto",
            ColumnKey::Period | ColumnKey::Responsible => "18%",
            _ => "1fr",
        })
        .collect();
    if let Some(c) = &t.caption {
        let _ = writeln!(out, "#align(center)[#strong[{}]]\n", inline(&c.source));
    }
    let _ = writeln!(out, "#table(columns: ({},),", widths.join(", "));
    let heads: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("[#strong[{}]]", text(&c.title)))
        .collect();
    let _ = writeln!(out, "  table.header(repeat: true, {}),", heads.join(", "));
    for item in &t.items {
        item_rows(t, item, out);
    }
    for s in &t.sections {
        section_rows(t, s, n, out);
    }
    out.push_str(")\n\n");
}

fn section_rows(t: &Table, s: &Section, n: usize, out: &mut String) {
    let title = s.title.as_ref().map(|m| inline(&m.source));
    match s.number_in_own_cell() {
        Some(number) => {
            let _ = writeln!(
                out,
                "  table.cell[#strong[{}]], table.cell(colspan: {})[#strong[{}]],",
                text(number),
                n.saturating_sub(1).max(1),
                title.unwrap_or_default()
            );
        }
        None => {
            let title = [s.number.as_deref().map(text), title]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(out, "  table.cell(colspan: {n})[#strong[{title}]],");
        }
    }
    for (label, body) in [
        ("", &s.text),
        ("Задачи:", &s.tasks),
        ("Показатели:", &s.indicators),
    ] {
        if let Some(m) = body {
            let label = if label.is_empty() {
                String::new()
            } else {
                format!("#strong[{}] \\ ", text(label))
            };
            let _ = writeln!(
                out,
                "  table.cell(colspan: {n})[{label}{}],",
                markdown_blocks(&m.source)
            );
        }
    }
    for item in &s.items {
        item_rows(t, item, out);
    }
    for sub in &s.sections {
        section_rows(t, sub, n, out);
    }
}

fn item_rows(t: &Table, item: &Item, out: &mut String) {
    let cells: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("[{}]", cell(item, &c.key)))
        .collect();
    let _ = writeln!(out, "  {},", cells.join(", "));
    for child in &item.children {
        item_rows(t, child, out);
    }
}

fn cell(item: &Item, key: &ColumnKey) -> String {
    match item.column_text(key) {
        Some(source) if key.is_markdown() => markdown_blocks(source),
        Some(plain) => text(plain),
        None => String::new(),
    }
}

/// One paragraph of Markdown as inline content (a title, a label).
fn inline(md: &str) -> String {
    let blocks = markdown_blocks(md);
    blocks.trim().to_string()
}

/// Markdown as Typst content: paragraphs, emphasis, lists, links, headings,
/// footnotes (placed at their reference, as Typst numbers them itself).
pub fn markdown_blocks(md: &str) -> String {
    let events: Vec<Event> = crate::markdown::parser(md).collect();
    // Footnote definitions, by label, rendered where they are referenced.
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let start = i + 1;
            let mut depth = 1;
            let mut j = start;
            while j < events.len() && depth > 0 {
                match &events[j] {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            let body = render(&events[start..j.saturating_sub(1)], &HashMap::new());
            notes.insert(label.to_string(), body.trim().to_string());
            i = j;
        } else {
            i += 1;
        }
    }
    render(&events, &notes)
}

fn render(events: &[Event], notes: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    let mut lists: Vec<bool> = Vec::new();
    for event in events {
        if skip > 0 {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => skip += 1,
                Event::End(TagEnd::FootnoteDefinition) => skip -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => skip = 1,
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => out.push_str("\n\n"),
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                let _ = write!(out, "#heading(level: {level})[");
            }
            Event::End(TagEnd::Heading(_)) => out.push_str("]\n\n"),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strikethrough) => out.push_str("#strike["),
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. })
                if crate::url::is_safe_link(dest_url) && crate::url::is_web_address(dest_url) =>
            {
                let _ = write!(out, "#link({})[", lit(dest_url));
            }
            Event::Start(Tag::Link { .. }) => out.push_str("#["),
            Event::End(TagEnd::Link) => out.push(']'),
            Event::Start(Tag::Image { .. }) => out.push_str("#["),
            Event::End(TagEnd::Image) => out.push(']'),
            Event::Start(Tag::List(start)) => {
                lists.push(start.is_some());
                match start {
                    Some(n) => {
                        let _ = write!(out, "\n#enum(start: {n}, ");
                    }
                    None => out.push_str("\n#list("),
                }
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push_str(")\n\n");
            }
            Event::Start(Tag::Item) => out.push('['),
            Event::End(TagEnd::Item) => {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                out.push_str("], ");
            }
            Event::Start(Tag::BlockQuote(_)) => out.push_str("#quote(block: true)["),
            Event::End(TagEnd::BlockQuote(_)) => out.push_str("]\n\n"),
            Event::Start(Tag::CodeBlock(_)) => out.push_str("#block["),
            Event::End(TagEnd::CodeBlock) => out.push_str("]\n\n"),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&text(t))
            }
            Event::SoftBreak => out.push_str(&text(" ")),
            Event::HardBreak => out.push_str(" \\ "),
            Event::FootnoteReference(label) => match notes.get(label.as_ref()) {
                Some(body) => {
                    let _ = write!(out, "#footnote[{body}]");
                }
                None => out.push_str(&text(&format!("[^{label}]"))),
            },
            Event::Rule => out.push_str("#line(length: 100%)\n\n"),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_enters_as_string_literals() {
        assert_eq!(lit("a \"b\" \\ #c"), "\"a \\\"b\\\" \\\\ #c\"");
        let t = markdown_blocks("Текст *курсив* и #set [x]");
        assert!(t.contains("#emph[#\"курсив\"]"), "{t}");
        // «#set» stays inside a string literal: text, not a command.
        assert!(t.contains("#\" и #set \""), "{t}");
        assert!(!t.contains(" #set ["), "{t}");
    }

    #[test]
    fn footnotes_move_to_their_reference() {
        let t = markdown_blocks("Слово[^1] дальше.\n\n[^1]: Пояснение.");
        assert!(t.contains("#footnote[#\"Пояснение.\"]"), "{t}");
        assert_eq!(t.matches("Пояснение").count(), 1, "{t}");
    }

    #[test]
    fn lists_become_typst_lists() {
        let t = markdown_blocks("1. один\n2. два");
        assert!(
            t.contains("#enum(start: 1, [#\"один\"], [#\"два\"], )"),
            "{t}"
        );
    }
}
