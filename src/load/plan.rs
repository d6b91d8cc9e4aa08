//! A plan file: YAML front matter, then the document in Markdown with its
//! structured parts in fenced blocks (```table```, ```passport``` …).

use chrono::NaiveDate;
use pulldown_cmark::{CodeBlockKind, Event, Tag};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, FileId, Span};
use crate::load::context::Ctx;
use crate::load::district::glossary_entry;
use crate::load::raw::{
    RawGlossaryBlock, RawGlossaryEntry, RawPassport, RawPlanMeta, RawSignature, RawTable, Scalar,
};
use crate::load::table::{convert_table, TableEnv};
use crate::model::{
    Block, District, GlossaryBlock, GlossaryBlockEntry, Markdown, Passport, PassportRow, Plan,
    Signature, SignaturePart,
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
    district: &District,
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let bodies = &district.bodies;
    let Some((meta_start, meta_text, body_start)) = split_front_matter(text) else {
        let first_line = Span::new(file, 0, text.find('\n').unwrap_or(text.len()));
        let d = if text.lines().next().is_some_and(|l| l.trim_end() == "---") {
            Diagnostic::error(first_line, "шапка плана не закрыта строкой `---`")
                .with_label("шапка открыта здесь")
                .with_help("после полей шапки (title, updated…) и перед текстом документа поставьте строку из трёх дефисов `---`")
        } else {
            Diagnostic::error(first_line, "у плана нет YAML-шапки")
                .with_label("файл должен начинаться со строки `---`")
                .with_help("первой строкой напишите `---`, затем поля `title:` и `updated:`, затем снова `---`")
        };
        diags.push(d);
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
    let updated = match crate::dates::parse_iso(&updated_text) {
        Ok(d) => d,
        Err(problem) => {
            ctx.push(
                Diagnostic::error(ctx.value_span("updated"), problem)
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
    };
    let env = TableEnv {
        bodies,
        names: crate::load::bodies::BodyNames::new(bodies),
        not_bodies: &district.not_bodies,
        plan: plan_ctx,
        unknown: Default::default(),
    };
    let blocks = load_blocks(file, text, body_start, &env, ctx.diags);
    let mut plan = Plan { blocks, ..plan };
    plan.assign_anchors();
    Some(plan)
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

/// Top-level fences of known kinds, in order. A fence that would hide a
/// block from the reader is an error (reported into `diags`): one never
/// closed (it swallows the rest of the file), an ordinary code block that
/// holds what looks like a Vekha block (a stray ```` ``` ```` line turns
/// the next table into code, and the table would silently drop out of the
/// plan, its data and its calendars), a Vekha block inside a list or a
/// quote (read as ordinary code), and a block whose name is a Vekha kind
/// in capitals (```` ```Table ````, ordinary code too).
fn find_fences<'a>(
    file: FileId,
    text: &'a str,
    body_start: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Fence<'a>> {
    let body = &text[body_start..];
    let mut fences = Vec::new();
    let mut depth = 0usize;
    let parser = crate::markdown::parser(body).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let kind = info.split_whitespace().next().unwrap_or("");
                let known = BLOCK_KINDS.iter().find(|k| **k == kind).copied();
                let block = FencedBlock::new(&body[range.clone()]);
                let opening = Span::new(
                    file,
                    body_start + range.start,
                    body_start + range.start + block.opening.trim_end().len(),
                );
                if let Some(problem) = block.problem(kind, known, depth) {
                    diags.push(problem.diagnostic(opening, kind));
                } else if let Some(kind) = known {
                    fences.push(Fence {
                        kind,
                        start: body_start + range.start,
                        end: body_start + range.end,
                        inner_start: body_start + range.start + block.opening.len(),
                        inner: block.inner,
                    });
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    fences
}

/// The text of one fenced code block, cut into its opening line, its
/// content and whether a closing fence ends it.
struct FencedBlock<'a> {
    opening: &'a str,
    inner: &'a str,
    closed: bool,
}

/// Why a fenced block cannot stand as it is.
enum FenceProblem {
    Unclosed,
    /// An ordinary code block holding what looks like a Vekha block.
    SwallowsBlock,
    /// A Vekha block inside a list or quote.
    Nested,
    /// ```` ```Table ````: a Vekha kind in capitals.
    Miscased,
}

impl<'a> FencedBlock<'a> {
    fn new(whole: &'a str) -> FencedBlock<'a> {
        let open_end = whole.find('\n').map_or(whole.len(), |i| i + 1);
        let (opening, rest) = whole.split_at(open_end);
        let marker = fence_marker(opening);
        let trimmed = rest.trim_end_matches('\n');
        let last_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let closed =
            !rest.is_empty() && marker.is_some_and(|m| is_closing(&trimmed[last_start..], m));
        let inner = if closed { &rest[..last_start] } else { rest };
        FencedBlock {
            opening,
            inner,
            closed,
        }
    }

    /// The problem of a block named `kind` (`known` when it is a Vekha
    /// kind), opened `depth` containers deep. Inside a list or a quote
    /// the closing line carries the container's marks and is not checked.
    fn problem(&self, kind: &str, known: Option<&str>, depth: usize) -> Option<FenceProblem> {
        let miscased = known.is_none() && BLOCK_KINDS.iter().any(|k| k.eq_ignore_ascii_case(kind));
        if known.is_some() && depth > 0 {
            Some(FenceProblem::Nested)
        } else if miscased {
            Some(FenceProblem::Miscased)
        } else if !self.closed && depth == 0 {
            Some(FenceProblem::Unclosed)
        } else if known.is_none() && self.inner.lines().any(looks_like_block) {
            Some(FenceProblem::SwallowsBlock)
        } else {
            None
        }
    }
}

impl FenceProblem {
    fn diagnostic(&self, opening: Span, kind: &str) -> Diagnostic {
        match self {
            FenceProblem::Unclosed => Diagnostic::error(opening, "блок, открытый этой строкой, не закрыт")
                .with_label("открыт здесь")
                .with_help("всё до конца файла стало бы его частью: закройте блок строкой ``` или уберите эту строку, если она лишняя; если выше стоит таблица, проверьте, нет ли лишней строки ``` внутри неё — тогда таблица закрылась раньше, а эта строка открыла новый блок"),
            FenceProblem::SwallowsBlock => Diagnostic::error(opening, "строка ``` открывает блок кода, и в него попала таблица или другой блок плана")
                .with_label("лишняя строка ```?")
                .with_help("блок плана внутри блока кода не читается и пропал бы с сайта и из данных; уберите лишнюю строку ``` или закройте блок кода перед блоком плана"),
            FenceProblem::Nested => Diagnostic::error(opening, format!("блок «{kind}» внутри списка или цитаты не читается"))
                .with_label("строка с отступом или после «>»")
                .with_help("начните строку ``` блока и его закрывающую строку с начала строки, без отступа, и отделите блок от списка пустой строкой"),
            FenceProblem::Miscased => Diagnostic::error(opening, format!("название блока «{kind}» пишется строчными буквами: «{}»", kind.to_lowercase()))
                .with_label("читается как обычный блок кода")
                .with_help(format!("исправьте строку на ```{}", kind.to_lowercase())),
        }
    }
}

/// The fence character and length of an opening line (```` ```table ````
/// → (`, 3)).
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Whether `line` closes a block opened by `marker` (CommonMark: the same
/// character at least as many times, and nothing else).
fn is_closing(line: &str, (c, n): (char, usize)) -> bool {
    let t = line.trim();
    t.chars().take_while(|x| *x == c).count() >= n && t.chars().all(|x| x == c)
}

/// A line inside ordinary code that belongs to a Vekha block: the opening
/// line of one, or a table's own key at the start of the line, as a table
/// has them (an example in code is kept by indenting it). The marks of a
/// quote («> ») are not part of the line.
fn looks_like_block(line: &str) -> bool {
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.strip_prefix(' ').unwrap_or(rest);
    }
    let t = line.trim_start();
    let opens_block = fence_marker(t).is_some_and(|(c, _)| {
        let kind = t
            .trim_start_matches(c)
            .split_whitespace()
            .next()
            .unwrap_or("");
        BLOCK_KINDS.iter().any(|k| k.eq_ignore_ascii_case(kind))
    });
    opens_block
        || ["columns:", "sections:", "items:"]
            .iter()
            .any(|k| line.starts_with(k))
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
    for fence in find_fences(file, text, body_start, diags) {
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
    let parts = [
        (SignaturePart::Heading, "heading", &raw.heading),
        (SignaturePart::Position, "position", &raw.position),
        (SignaturePart::Name, "name", &raw.name),
        (SignaturePart::Date, "date", &raw.date),
        (SignaturePart::Number, "number", &raw.number),
        (SignaturePart::Text, "text", &raw.text),
    ];
    let mut written: Vec<(usize, SignaturePart)> = parts
        .iter()
        .filter(|(_, _, value)| value.is_some())
        .map(|&(part, field, _)| (ctx.value_span(&join(path, field)).start, part))
        .collect();
    written.sort_by_key(|&(start, _)| start);
    let mut date = ctx.opt_text(path, "date", &raw.date);
    let mut number = ctx.opt_text(path, "number", &raw.number);
    let text = ctx.opt_md(path, "text", &raw.text);
    let found = match (&date, &number, &text) {
        (None, None, Some(text)) => date_and_number_in(&text.source),
        _ => (None, None),
    };
    let in_text = found != (None, None);
    date = date.or(found.0);
    number = number.or(found.1);
    Some(Signature {
        heading: ctx.opt_text(path, "heading", &raw.heading),
        position: ctx.opt_md(path, "position", &raw.position),
        name: ctx.opt_text(path, "name", &raw.name),
        date_value: date.as_deref().and_then(official_date),
        date,
        number,
        text,
        order: written.into_iter().map(|(_, part)| part).collect(),
        in_text,
        span: ctx.value_span(path),
    })
}

/// The date after «от» and the number after «№» or «N» in a stamp's
/// sentence: «распоряжением комитета … от 02.07.2019 N 241-рп», «приказом
/// от «16» марта 2023 г. № 36». Each as written; the date only when it
/// reads as a full day.
fn date_and_number_in(text: &str) -> (Option<String>, Option<String>) {
    let date = text.char_indices().find_map(|(i, _)| {
        let rest = text[i..].strip_prefix("от")?;
        let word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let spaced = rest.starts_with(char::is_whitespace);
        if !(word_start && spaced) {
            return None;
        }
        let at = text.len() - rest.len();
        let end = rest.find(['№', ',', ';', '\n']).unwrap_or(rest.len());
        let end = number_sign(&rest[..end]).map_or(end, |(n, _)| n);
        let candidate = rest[..end].trim();
        official_date(candidate).map(|_| (candidate.to_string(), at + end))
    });
    // The act's number follows its date («МБОУ СОШ № 2 от 31.08.2022
    // № 150» is number 150); without a date, the first number.
    let from = date.as_ref().map_or(0, |(_, end)| *end);
    let number =
        number_sign(&text[from..]).map(|(start, end)| text[from + start..from + end].to_string());
    (date.map(|(d, _)| d), number)
}

/// The first «№ 36», «N 241-рп» or «N241-рп» in `text`: the byte range of
/// the sign and the number after it.
fn number_sign(text: &str) -> Option<(usize, usize)> {
    text.char_indices().find_map(|(i, c)| {
        let latin = c == 'N'
            && text[..i]
                .chars()
                .next_back()
                .is_none_or(|p| !p.is_alphanumeric());
        if !(c == '№' || latin) {
            return None;
        }
        let rest = text[i + c.len_utf8()..].trim_start();
        let token = rest
            .find(|c: char| !(c.is_alphanumeric() || "-/–".contains(c)))
            .map_or(rest, |end| &rest[..end]);
        let end = text.len() - rest.len() + token.len();
        token
            .starts_with(|c: char| c.is_ascii_digit())
            .then_some((i, end))
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

    #[test]
    fn a_stamps_sentence_gives_its_date_and_number() {
        let cases = [
            (
                "распоряжением комитета образования от 02.07.2019 N 241-рп",
                Some("02.07.2019"),
                Some("N 241-рп"),
            ),
            (
                "приказом отдела образования от «16» марта 2023 г. № 36",
                Some("«16» марта 2023 г."),
                Some("№ 36"),
            ),
            (
                "приказом от 10.01.2022 №5/1-од",
                Some("10.01.2022"),
                Some("№5/1-од"),
            ),
            (
                "приказом МБОУ СОШ № 2 от 31.08.2022 № 150",
                Some("31.08.2022"),
                Some("№ 150"),
            ),
            (
                "распоряжением от\u{a0}02.07.2019 N241-рп",
                Some("02.07.2019"),
                Some("N241-рп"),
            ),
            // no day, no number: nothing invented
            ("приказом от __ марта 2023 г. № __", None, None),
            ("решением Совета от 2023 года", None, None),
            ("Nota bene", None, None),
        ];
        for (text, date, number) in cases {
            let (found_date, found_number) = date_and_number_in(text);
            assert_eq!(found_date.as_deref(), date, "{text}");
            assert_eq!(found_number.as_deref(), number, "{text}");
        }
    }

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
                    let fences = find_fences(FileId::default(), &text, body, &mut Vec::new());
                    yaml.extend(fences.iter().map(|f| f.inner.to_string()));
                }
            }
            // An empty block has no value: serde_yaml reports it.
            for y in yaml.into_iter().filter(|y| !y.trim().is_empty()) {
                texts += 1;
                if let Some(ours) = crate::yaml::Locator::read(FileId::default(), 0, &y)
                    .ok()
                    .and_then(|r| r.1)
                {
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
        let text = "---\nt: 1\n---\nА\n\n```table\ncolumns: []\n```\n\n```rust\nx\n```\n";
        let (_, _, body) = split_front_matter(text).unwrap();
        let mut diags = Vec::new();
        let fences = find_fences(FileId::default(), text, body, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fences.len(), 1);
        assert_eq!(fences[0].kind, "table");
        assert_eq!(fences[0].inner, "columns: []\n");
        assert_eq!(
            &text[fences[0].inner_start..fences[0].inner_start + 7],
            "columns"
        );
    }

    /// The message of each fence problem, and the line it points at.
    fn fence_problems(body: &str) -> Vec<(String, String)> {
        let text = format!("---\nt: 1\n---\n{body}");
        let (_, _, start) = split_front_matter(&text).unwrap();
        let mut diags = Vec::new();
        find_fences(FileId::default(), &text, start, &mut diags);
        diags
            .iter()
            .map(|d| {
                let s = d.span.unwrap();
                (d.message.clone(), text[s.start..s.end].to_string())
            })
            .collect()
    }

    #[test]
    fn a_stray_fence_before_a_table_is_an_error_at_the_stray_line() {
        let found = fence_problems("Текст.\n\n```\nещё текст\n\n```table\ncolumns: []\n```\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("в него попала таблица"), "{found:?}");
        assert_eq!(found[0].1, "```");
        // Table keys inside plain code give the same diagnosis.
        let found = fence_problems("```yaml\nsections:\n  - items: []\n```\n");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn an_unclosed_fence_is_an_error_at_its_opening_line() {
        let found = fence_problems("```table\ncolumns: []\n```\n\nТекст.\n\n~~~~\nи дальше\n~~~\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("не закрыт"), "{found:?}");
        assert_eq!(found[0].1, "~~~~");
        assert!(fence_problems("```table\ncolumns: []\n").len() == 1);
    }

    #[test]
    fn a_block_inside_a_list_is_an_error() {
        let found = fence_problems("- список\n\n  ```table\n  columns: []\n  ```\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("внутри списка"), "{found:?}");
        assert_eq!(found[0].1, "```table");
    }

    #[test]
    fn ordinary_code_stays_code() {
        assert!(
            fence_problems("```\nprint(1)\n```\n\n````md\n```\nвложенный\n```\n````\n").is_empty()
        );
    }
}
