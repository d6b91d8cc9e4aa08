//! Checks over the loaded model: what is legal YAML but probably wrong in
//! the document (duplicated numbers, unreadable periods, abbreviations
//! nobody explains, Latin letters posing as Cyrillic).

use std::collections::{HashMap, HashSet};

use super::words;
use crate::diagnostics::{Diagnostic, Placed, SourceMap, Span};
use crate::model::{Block, District, GlossaryBlockEntry, PeriodYear, Plan, Section, Table};
use crate::period::Period;

/// Every model check of one district. `every_plan_read` is false when a
/// plan file of it failed to load: a glossary term may then be used only
/// there, and is not reported as unused.
pub fn check_district(
    district: &District,
    sources: &SourceMap,
    every_plan_read: bool,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    check_district_into(district, sources, every_plan_read, &mut found);
    found
}

fn check_district_into(
    district: &District,
    sources: &SourceMap,
    every_plan_read: bool,
    out: &mut Vec<Diagnostic>,
) {
    let terms: Vec<&str> = district.glossary.iter().flat_map(|g| g.names()).collect();
    let known: HashSet<String> = district
        .bodies
        .iter()
        .flat_map(|b| b.names())
        .chain(terms.iter().copied())
        .map(str::to_string)
        .collect();
    let not_abbr: HashSet<&str> = district
        .not_abbreviations
        .iter()
        .map(String::as_str)
        .collect();
    let mut used_terms: HashSet<&str> = HashSet::new();
    let matcher = words::Terms::new(&terms);
    let all_texts: Vec<Vec<(&str, Span)>> = district.plans.iter().map(plan_texts).collect();
    let ordinary = words::OrdinaryWords::new(all_texts.iter().flatten().map(|(text, _)| *text));
    for (plan, texts) in district.plans.iter().zip(&all_texts) {
        for table in plan.tables() {
            check_numbers(table, sources, out);
            check_periods(plan, table, out);
        }
        let mut reported: HashSet<String> = HashSet::new();
        for (text, span) in texts {
            let placed = Placed::new(&sources.get(span.file).text, *span, text);
            let covered = matcher.occurrences(text);
            used_terms.extend(covered.iter().map(|&(_, _, term)| term));
            for f in words::uncovered_abbreviations(text, &covered, &not_abbr, &ordinary) {
                if reported.insert(f.found.clone()) {
                    let at = placed.span(f.start, f.end);
                    out.push(
                        Diagnostic::warning(at, format!("сокращение «{}» не объяснено в словаре территории", f.found))
                            .with_label("нет в glossary")
                            .with_help(format!(
                                "добавьте в glossary файла district.yaml запись `- term: {}` с `full: …`; если это обычное слово, внесите его в `not_abbreviations`",
                                f.found
                            )),
                    );
                }
            }
            for f in words::lookalikes(text, &known) {
                let at = placed.span(f.start, f.end);
                out.push(
                    Diagnostic::warning(
                        at,
                        format!("латинские буквы в русском слове «{}»", f.found),
                    )
                    .with_label("латиница, похожая на кириллицу")
                    .with_help(format!("напишите «{}» русскими буквами", f.fixed)),
                );
            }
        }
    }
    for entry in district.glossary.iter().filter(|_| every_plan_read) {
        if !entry.names().any(|n| used_terms.contains(n)) {
            out.push(
                Diagnostic::note(entry.span, format!("сокращение «{}» нигде в планах территории не встречается", entry.term))
                    .with_help("так бывает, если оно есть в списке сокращений документа; иначе запись можно удалить"),
            );
        }
    }
}

/// Numbers written twice in one table (the originals have these; the site
/// still needs distinct anchors, so the check points them out).
fn check_numbers(table: &Table, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut numbered: Vec<(&str, Span)> = Vec::new();
    collect_section_numbers(&table.sections, &mut numbered);
    numbered.extend(
        table
            .all_items()
            .iter()
            .filter_map(|i| Some((i.number.as_deref()?, i.number_span.unwrap_or(i.span)))),
    );
    numbered.sort_by_key(|(_, s)| s.start);
    for (number, span) in numbered {
        let key = number.trim().trim_end_matches('.').to_string();
        if let Some(first) = seen.get(&key) {
            out.push(
                Diagnostic::warning(span, format!("номер «{number}» уже встречается в этой таблице"))
                    .with_label("повтор номера")
                    .with_help(format!(
                        "первый раз — {}; если так в оригинале, оставьте как есть: ссылка на повтор получит суффикс",
                        sources.location(*first)
                    )),
            );
        } else {
            seen.insert(key, span);
        }
    }
}

fn collect_section_numbers<'a>(sections: &'a [Section], out: &mut Vec<(&'a str, Span)>) {
    for s in sections {
        if let Some(n) = s.number.as_deref() {
            out.push((n, s.number_span.unwrap_or(s.span)));
        }
        collect_section_numbers(&s.sections, out);
    }
}

/// A period without a year that took the plan's: said aloud, because a
/// plan over several years, or a row copied from last year's plan, would
/// otherwise get a wrong year silently.
fn year_from_plan(plan: &Plan, period: &Period, span: Span) -> Diagnostic {
    let year = period.start().map(|d| d.format("%Y").to_string());
    let source = match (&plan.period_text, plan.year) {
        (Some(text), _) => format!("срока плана «{text}»"),
        (None, Some(_)) => "поля `year` плана".to_string(),
        (None, None) => "плана".to_string(),
    };
    Diagnostic::note(
        span,
        format!("у срока «{}» нет года: взят из {source}", period.text),
    )
    .with_label(year.map_or_else(|| "год плана".to_string(), |y| format!("{y} год")))
    .with_help("если год другой, допишите его в срок или поставьте над строками строку-группу «2024 год» (или `year:` у раздела, таблицы)")
}

fn check_periods(plan: &Plan, table: &Table, out: &mut Vec<Diagnostic>) {
    for item in table.all_items() {
        let (Some(period), Some(span)) = (&item.period, item.period_span) else {
            continue;
        };
        match item.period_year {
            PeriodYear::Missing => {
                out.push(
                    Diagnostic::warning(span, format!("у срока «{}» нет года", period.text))
                        .with_label("останется текстом")
                        .with_help("год не назван ни в сроке, ни в строке-группе, разделе или таблице над ним, ни в шапке плана: допишите год в срок («март 2023»), поставьте строку «2023 год» над строками, `year: 2023` у раздела или таблицы или `period: 2023 год` в шапку плана"),
                );
                continue;
            }
            PeriodYear::Plan => out.push(year_from_plan(plan, period, span)),
            PeriodYear::Written | PeriodYear::Structure => {}
        }
        if !period.is_understood() {
            out.push(
                Diagnostic::warning(span, format!("срок «{}» не распознан как дата", period.text))
                    .with_label("останется текстом")
                    .with_help("срок опубликуется как написан, но не попадёт в шкалу времени и календарь; даты понимаются в видах «Март 2023», «до 10 марта 2023», «13.03.2023 - 24.03.2023»"),
            );
            continue;
        }
        let (Some(plan_span), Some(start), Some(end)) =
            (plan.span_of_plan, period.start(), period.end())
        else {
            continue;
        };
        if start < plan_span.start || end > plan_span.end {
            out.push(
                Diagnostic::warning(
                    span,
                    format!("срок «{}» выходит за срок плана", period.text),
                )
                .with_label(format!(
                    "{} – {}",
                    start.format("%d.%m.%Y"),
                    end.format("%d.%m.%Y")
                ))
                .with_help(format!(
                    "срок плана — с {} по {}; проверьте год",
                    plan_span.start.format("%d.%m.%Y"),
                    plan_span.end.format("%d.%m.%Y")
                )),
            );
        }
    }
}

/// Every piece of text of a plan with where it was written.
pub fn plan_texts(plan: &Plan) -> Vec<(&str, Span)> {
    let mut out: Vec<(&str, Span)> = vec![(plan.title.source.as_str(), plan.title.span)];
    out.extend(plan.marks.iter().map(|m| (m.source.as_str(), m.span)));
    for s in &plan.approval {
        signature_texts(s, &mut out);
    }
    for block in &plan.blocks {
        match block {
            Block::Prose(m) => out.push((&m.source, m.span)),
            Block::Head => {}
            Block::Table(t) => table_texts(t, &mut out),
            Block::Passport(p) => {
                out.extend(p.title.iter().map(|m| (m.source.as_str(), m.span)));
                for r in &p.rows {
                    out.push((&r.label.source, r.label.span));
                    out.push((&r.text.source, r.text.span));
                }
            }
            Block::Glossary(g) => {
                out.extend(g.title.iter().map(|m| (m.source.as_str(), m.span)));
                for e in &g.entries {
                    match e {
                        // The term itself is a definition, not a use; its explanation is text.
                        GlossaryBlockEntry::Term(t) => out.push((&t.full.source, t.full.span)),
                        GlossaryBlockEntry::Note { text, .. } => {
                            out.push((&text.source, text.span))
                        }
                    }
                }
            }
            Block::Signatures(sigs) => {
                for s in sigs {
                    signature_texts(s, &mut out);
                }
            }
        }
    }
    out
}

fn signature_texts<'a>(s: &'a crate::model::Signature, out: &mut Vec<(&'a str, Span)>) {
    for m in [&s.position, &s.text].into_iter().flatten() {
        out.push((&m.source, m.span));
    }
    // A date and number found inside the text are not texts of their own.
    let (date, number) = if s.in_text {
        (&None, &None)
    } else {
        (&s.date, &s.number)
    };
    for t in [&s.heading, &s.name, date, number].into_iter().flatten() {
        out.push((t, s.span));
    }
}

fn table_texts<'a>(t: &'a Table, out: &mut Vec<(&'a str, Span)>) {
    out.extend(t.caption.iter().map(|m| (m.source.as_str(), m.span)));
    out.extend(t.columns.iter().map(|c| (c.title.as_str(), c.span)));
    fn sections<'a>(ss: &'a [Section], out: &mut Vec<(&'a str, Span)>) {
        for s in ss {
            for m in [&s.title, &s.tasks, &s.indicators, &s.text]
                .into_iter()
                .flatten()
            {
                out.push((&m.source, m.span));
            }
            sections(&s.sections, out);
        }
    }
    sections(&t.sections, out);
    for item in t.all_items() {
        let texts = [
            item.text.as_ref(),
            item.result.as_deref(),
            item.note.as_deref(),
            item.report.as_deref(),
        ];
        for m in texts.into_iter().flatten() {
            out.push((&m.source, m.span));
        }
        out.extend(item.cells.values().map(|m| (m.source.as_str(), m.span)));
        if let Some(r) = &item.responsible {
            out.push((&r.text, r.span));
        }
        if let (Some(p), Some(span)) = (&item.period, item.period_span) {
            out.push((&p.text, span));
        }
    }
}
