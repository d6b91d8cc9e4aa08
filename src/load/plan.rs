//! A plan file: YAML front matter, then the document in Markdown with its
//! structured parts in fenced blocks (```table```, ```passport``` …).

use chrono::NaiveDate;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, FileId, Span};
use crate::load::context::Ctx;
use crate::load::district::glossary_entry;
use crate::load::raw::{
    RawGlossaryBlock, RawGlossaryEntry, RawPassport, RawPlanMeta, RawSignature, RawTable, Scalar,
};
use crate::load::table::{convert_table, TableEnv};
use crate::model::{
    Block, Body, GlossaryBlock, GlossaryBlockEntry, Markdown, Passport, PassportRow, Plan,
    Signature,
};
use crate::period::{parse_plan_span, PlanContext};
use crate::yaml::{self, join, Parsed};

/// Names of the fenced blocks Vekha reads; other fences are ordinary code.
const BLOCK_KINDS: &[&str] = &["table", "passport", "glossary", "signature", "head"];

/// A fenced block found in the body: its kind and where its YAML is.
struct Fence<'a> {
    kind: &'a str,
    /// The whole fence, in file offsets.
    start: usize,
    end: usize,
    /// The YAML inside, in file offsets.
    inner_start: usize,
    inner: &'a str,
}

/// Reads a plan. `None` when the file cannot be used at all (reported).
pub fn load_plan(
    file: FileId,
    text: &str,
    slug: &str,
    bodies: &[Body],
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let Some((meta_start, meta_text, body_start)) = split_front_matter(text) else {
        diags.push(
            Diagnostic::error(Span::new(file, 0, text.find('\n').unwrap_or(text.len())), "у плана нет YAML-шапки")
                .with_label("файл должен начинаться со строки `---`")
                .with_help("первой строкой напишите `---`, затем поля `title:` и `updated:`, затем снова `---`"),
        );
        return None;
    };
    let parsed = parse_or_report::<RawPlanMeta>(file, meta_start, meta_text, diags)?;
    let meta = parsed.value;
    let mut ctx = Ctx {
        src: text,
        loc: &parsed.locator,
        diags,
    };
    let updated_text = ctx.text("updated", &meta.updated);
    let updated = match NaiveDate::parse_from_str(updated_text.trim(), "%Y-%m-%d") {
        Ok(d) => d,
        Err(_) => {
            ctx.push(
                Diagnostic::error(
                    ctx.value_span("updated"),
                    format!("дата «{updated_text}» записана не в виде ГГГГ-ММ-ДД"),
                )
                .with_help("напишите, например, `updated: 2023-03-20`"),
            );
            return None;
        }
    };
    let period_text = ctx.opt_text("", "period", &meta.period);
    let span_of_plan = period_text.as_deref().and_then(parse_plan_span);
    if let (Some(t), None) = (&period_text, span_of_plan) {
        ctx.push(
            Diagnostic::warning(ctx.value_span("period"), format!("срок плана «{t}» не распознан"))
                .with_help("напишите срок как «2023 год», «01.02.2023 - 31.12.2023» или «2019-2020 учебный год»; иначе «в течение года» и «текущего года» не получат дат"),
        );
    }
    let plan_ctx = PlanContext {
        span: span_of_plan,
        year: meta
            .year
            .or_else(|| span_of_plan.map(|s| chrono::Datelike::year(&s.start))),
    };
    let approval = meta
        .approval
        .iter()
        .enumerate()
        .filter_map(|(i, s)| signature(&mut ctx, &join("approval", i), s))
        .collect();
    let marks = (0..meta.marks.len())
        .map(|i| ctx.md(&join("marks", i), &meta.marks[i]))
        .collect();
    let plan = Plan {
        slug: crate::load::district::checked_slug(&mut ctx, meta.slug.as_ref(), slug),
        title: ctx.md("title", &meta.title),
        short_title: ctx.opt_text("", "short_title", &meta.short_title),
        updated,
        period_text,
        span_of_plan,
        year: plan_ctx.year,
        marks,
        approval,
        signature_file: ctx.opt_text("", "signature_file", &meta.signature_file),
        signature_file_span: meta
            .signature_file
            .as_ref()
            .map(|_| ctx.value_span("signature_file")),
        blocks: Vec::new(),
        span: Span::new(file, 0, 3),
        anchors: Default::default(),
    };
    let env = TableEnv {
        bodies,
        names: crate::bodies::BodyNames::new(bodies),
        plan: plan_ctx,
    };
    let blocks = load_blocks(file, text, body_start, &env, ctx.diags);
    Some(Plan { blocks, ..plan })
}

/// `(yaml start, yaml text, body start)` of a file beginning with `---`.
fn split_front_matter(text: &str) -> Option<(usize, &str, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let start = first_end + 1;
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((start, &text[start..pos], pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fn parse_or_report<T: DeserializeOwned>(
    file: FileId,
    base: usize,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<T>> {
    match yaml::parse::<T>(file, base, text) {
        Ok(p) => Some(p),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Top-level fences of known kinds, in order.
fn find_fences(text: &str, body_start: usize) -> Vec<Fence<'_>> {
    let body = &text[body_start..];
    let mut fences = Vec::new();
    let mut depth = 0usize;
    let parser = Parser::new_ext(body, Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES)
        .into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if depth == 0 => {
                let kind = info.split_whitespace().next().unwrap_or("");
                if let Some(&kind) = BLOCK_KINDS.iter().find(|k| **k == kind) {
                    let whole = &body[range.clone()];
                    let open_end = whole.find('\n').map_or(whole.len(), |i| i + 1);
                    let trimmed = whole.trim_end_matches('\n');
                    let close_start = trimmed
                        .rfind('\n')
                        .map_or(open_end, |i| i + 1)
                        .max(open_end);
                    let last_line = &trimmed[close_start.min(trimmed.len())..];
                    let inner_end = if last_line.trim_start().starts_with("```")
                        || last_line.trim_start().starts_with("~~~")
                    {
                        close_start
                    } else {
                        whole.len()
                    };
                    fences.push(Fence {
                        kind,
                        start: body_start + range.start,
                        end: body_start + range.end,
                        inner_start: body_start + range.start + open_end,
                        inner: &whole[open_end..inner_end.max(open_end)],
                    });
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    fences
}

fn load_blocks(
    file: FileId,
    text: &str,
    body_start: usize,
    env: &TableEnv,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut pos = body_start;
    for fence in find_fences(text, body_start) {
        push_prose(&mut blocks, file, text, pos, fence.start);
        pos = fence.end;
        let span = Span::new(
            file,
            fence.start,
            fence.inner_start.saturating_sub(1).max(fence.start),
        );
        if fence.kind == "head" {
            blocks.push(Block::Head);
            continue;
        }
        if fence.inner.trim().is_empty() {
            diags.push(
                Diagnostic::error(span, format!("пустой блок «{}»", fence.kind))
                    .with_help("заполните блок по образцу из docs/format.md или удалите его"),
            );
            continue;
        }
        if let Some(block) = load_block(file, text, &fence, env, span, diags) {
            blocks.push(block);
        }
    }
    push_prose(&mut blocks, file, text, pos, text.len());
    blocks
}

fn push_prose(blocks: &mut Vec<Block>, file: FileId, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let source = slice.trim();
    if !source.is_empty() {
        blocks.push(Block::Prose(Markdown::new(
            source.to_string(),
            Span::new(file, trimmed_start, trimmed_start + source.len()),
        )));
    }
}

fn load_block(
    file: FileId,
    text: &str,
    fence: &Fence,
    env: &TableEnv,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Block> {
    let (base, inner) = (fence.inner_start, fence.inner);
    match fence.kind {
        "table" => {
            let p = parse_or_report::<RawTable>(file, base, inner, diags)?;
            let mut ctx = Ctx {
                src: text,
                loc: &p.locator,
                diags,
            };
            Some(Block::Table(convert_table(&mut ctx, env, &p.value, span)))
        }
        "passport" => {
            let p = parse_or_report::<RawPassport>(file, base, inner, diags)?;
            let ctx = Ctx {
                src: text,
                loc: &p.locator,
                diags,
            };
            Some(Block::Passport(Passport {
                title: ctx.opt_md("", "title", &p.value.title),
                rows: p
                    .value
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| PassportRow {
                        label: ctx.md(&join(&join("rows", i), "label"), &r.label),
                        text: ctx.md(&join(&join("rows", i), "text"), &r.text),
                    })
                    .collect(),
            }))
        }
        "glossary" => {
            let p = parse_or_report::<RawGlossaryBlock>(file, base, inner, diags)?;
            let mut ctx = Ctx {
                src: text,
                loc: &p.locator,
                diags,
            };
            Some(Block::Glossary(glossary_block(&mut ctx, &p.value)))
        }
        _ => {
            // signature: one mapping or a list of them.
            let list = inner.trim_start().starts_with('-');
            let (raws, loc, prefix): (Vec<RawSignature>, _, bool) = if list {
                let p = parse_or_report::<Vec<RawSignature>>(file, base, inner, diags)?;
                (p.value, p.locator, true)
            } else {
                let p = parse_or_report::<RawSignature>(file, base, inner, diags)?;
                (vec![p.value], p.locator, false)
            };
            let mut ctx = Ctx {
                src: text,
                loc: &loc,
                diags,
            };
            let sigs = raws
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    signature(
                        &mut ctx,
                        &if prefix { i.to_string() } else { String::new() },
                        s,
                    )
                })
                .collect();
            Some(Block::Signatures(sigs))
        }
    }
}

fn glossary_block(ctx: &mut Ctx, raw: &RawGlossaryBlock) -> GlossaryBlock {
    let mut entries = Vec::new();
    for (i, e) in raw.entries.iter().enumerate() {
        let path = join("entries", i);
        match (&e.term, &e.full, &e.note) {
            (Some(term), Some(full), None) => {
                let g = RawGlossaryEntry {
                    term: term.clone(),
                    full: full.clone(),
                    aliases: e.aliases.clone(),
                    mark: e.mark.clone(),
                    separator: e.separator.clone(),
                };
                entries.push(GlossaryBlockEntry::Term(glossary_entry(ctx, &path, &g)));
            }
            (None, None, Some(note)) => entries.push(GlossaryBlockEntry::Note {
                text: ctx.md(&join(&path, "note"), note),
                mark: ctx.opt_text(&path, "mark", &e.mark),
                separator: ctx.opt_text(&path, "separator", &e.separator),
            }),
            _ => ctx.push(
                Diagnostic::error(ctx.value_span(&path), "запись списка сокращений должна содержать либо `term` и `full`, либо только `note`")
                    .with_help("сокращение: `- term: АР` и `full: Администрация района`; общая сноска: `- note: …`"),
            ),
        }
    }
    GlossaryBlock {
        title: ctx.opt_md("", "title", &raw.title),
        entries,
    }
}

fn signature(ctx: &mut Ctx, path: &str, raw: &RawSignature) -> Option<Signature> {
    let fields: [&Option<Scalar>; 6] = [
        &raw.heading,
        &raw.position,
        &raw.name,
        &raw.date,
        &raw.number,
        &raw.text,
    ];
    if fields.iter().all(|f| f.is_none()) {
        ctx.push(
            Diagnostic::error(ctx.value_span(path), "пустой гриф или подпись").with_help(
                "укажите хотя бы одно из полей: heading, position, name, date, number, text",
            ),
        );
        return None;
    }
    let date = ctx.opt_text(path, "date", &raw.date);
    Some(Signature {
        heading: ctx.opt_text(path, "heading", &raw.heading),
        position: ctx.opt_md(path, "position", &raw.position),
        name: ctx.opt_text(path, "name", &raw.name),
        date_value: date.as_deref().and_then(official_date),
        date,
        number: ctx.opt_text(path, "number", &raw.number),
        text: ctx.opt_md(path, "text", &raw.text),
        span: ctx.value_span(path),
    })
}

/// A full day from a signature date («16.03.2023», «16 марта 2023 г.»);
/// partial dates («__ марта 2023 г.») give nothing.
fn official_date(text: &str) -> Option<NaiveDate> {
    let p = crate::period::Period::parse(text, &PlanContext::default());
    match (p.kind, p.start(), p.end()) {
        (crate::period::PeriodKind::Date, Some(s), Some(e)) if s == e => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every YAML text of the real content reads the same through the
    /// one-pass reader (`yaml::parse`) as through serde_yaml alone.
    #[test]
    fn every_yaml_text_of_the_content_reads_as_serde_yaml_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut texts, mut read) = (0, 0);
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().to_string();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let mut yaml: Vec<String> = Vec::new();
            if name.ends_with(".yaml") {
                yaml.push(text.clone());
            } else if name.ends_with(".md") {
                if let Some((_, meta, body)) = split_front_matter(&text) {
                    yaml.push(meta.to_string());
                    yaml.extend(find_fences(&text, body).iter().map(|f| f.inner.to_string()));
                }
            }
            // An empty block has no value: serde_yaml reports it.
            for y in yaml.into_iter().filter(|y| !y.trim().is_empty()) {
                texts += 1;
                if let Some(ours) = crate::yaml::Locator::read(FileId::default(), 0, &y).1 {
                    let theirs: serde_yaml::Value = serde_yaml::from_str(&y).unwrap();
                    assert_eq!(ours, theirs, "{}", entry.path().display());
                    read += 1;
                }
            }
        }
        assert!(texts > 15 && read == texts, "{read} of {texts}");
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "---\ntitle: a\n---\nТекст\n";
        let (start, meta, body) = split_front_matter(text).unwrap();
        assert_eq!(start, 4);
        assert_eq!(meta, "title: a\n");
        assert_eq!(&text[body..], "Текст\n");
        assert!(split_front_matter("title: a\n").is_none());
    }

    #[test]
    fn fences_of_known_kinds_are_found_with_their_yaml() {
        let text = "---\nt: 1\n---\nА\n\n```table\ncolumns: []\n```\n\n```rust\nx\n```\n\n- список\n\n  ```table\n  nested: 1\n  ```\n";
        let (_, _, body) = split_front_matter(text).unwrap();
        let fences = find_fences(text, body);
        assert_eq!(fences.len(), 1);
        assert_eq!(fences[0].kind, "table");
        assert_eq!(fences[0].inner, "columns: []\n");
        assert_eq!(
            &text[fences[0].inner_start..fences[0].inner_start + 7],
            "columns"
        );
    }
}
