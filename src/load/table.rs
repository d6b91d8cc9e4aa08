//! ```table``` blocks: columns, sections and rows.
//!
//! Rows are converted by hand from YAML values because the keys a row may
//! carry depend on its table's columns (`form`, or the levels of a matrix).
//! A bad row is reported and skipped; the rest of the table still loads.

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Span};
use crate::load::bodies;
use crate::load::context::Ctx;
use crate::load::raw::{RawSection, RawTable, Scalar};
use crate::model::{
    Body, BodyId, BodyRef, Column, ColumnKey, Evidence, Item, Markdown, PeriodYear, Responsible,
    ResponsiblePart, Section, Status, Table,
};
use crate::period::{self, Period, PlanContext};
use crate::yaml::{self, join};

/// What rows need to know about their plan and district.
pub struct TableEnv<'a> {
    pub bodies: &'a [Body],
    pub names: bodies::BodyNames<'a>,
    /// Cell texts that are known not to be bodies (`not_bodies`).
    pub not_bodies: &'a [String],
    pub plan: PlanContext,
    /// The unknown names of the table being converted, reported when it
    /// is done: a name in several rows is offered as a body.
    pub unknown: std::cell::RefCell<Vec<(String, Diagnostic)>>,
}

/// Fields every row may have, whatever its table's columns.
pub(crate) const ROW_FIELDS: &[&str] = &[
    "number",
    "text",
    "responsible",
    "period",
    "result",
    "note",
    "status",
    "report",
    "evidence",
    "items",
    "year",
    "not_bodies",
];

/// The year the periods under some part of a table take when their text
/// names none: that of the nearest year row, section or table stating one
/// (`stated`), else the plan's.
#[derive(Debug, Clone, Copy)]
struct YearScope {
    context: PlanContext,
    stated: bool,
}

impl YearScope {
    /// The scope a `year` field opens; a year that cannot be read is an
    /// error and leaves the outer scope in force.
    fn within_field(self, ctx: &mut Ctx, path: &str, text: Option<String>) -> YearScope {
        let Some(text) = text else {
            return self;
        };
        match period::parse_year_scope(&text) {
            Some(inner) => YearScope {
                context: inner,
                stated: true,
            },
            None => {
                ctx.push(
                    Diagnostic::error(ctx.value_span(path), format!("год «{text}» не понят"))
                        .with_help("напишите один год или учебный год: `2022`, `2022 год`, `2022/2023 учебный год`"),
                );
                self
            }
        }
    }

    /// The scope a heading opens when it is only a year: «2021 год»,
    /// «На 2022/2023 учебный год».
    fn within_heading(self, heading: Option<&str>) -> YearScope {
        match heading
            .map(crate::markdown::to_plain)
            .as_deref()
            .and_then(period::parse_year_scope)
        {
            Some(inner) => YearScope {
                context: inner,
                stated: true,
            },
            None => self,
        }
    }

    /// A row's period, and where its year came from.
    fn period(self, text: &str) -> (Period, PeriodYear) {
        let period = Period::parse(text, &self.context);
        let no_year_anywhere = self.context.year.is_none() && self.context.span.is_none();
        let year = if period.year_from_context {
            if self.stated {
                PeriodYear::Structure
            } else {
                PeriodYear::Plan
            }
        } else if !period.is_understood() && no_year_anywhere && needs_a_year(text) {
            PeriodYear::Missing
        } else {
            PeriodYear::Written
        };
        (period, year)
    }
}

/// Whether a period not understood would be dated if a year were known.
fn needs_a_year(text: &str) -> bool {
    let any_year = PlanContext {
        span: None,
        year: Some(2000),
    };
    Period::parse(text, &any_year).year_from_context
}

pub fn convert_table(ctx: &mut Ctx, env: &TableEnv, raw: &RawTable, span: Span) -> Table {
    let columns = convert_columns(ctx, env, raw);
    let plan = YearScope {
        context: env.plan,
        stated: false,
    };
    let scope = plan.within_field(ctx, "year", ctx.opt_text("", "year", &raw.year));
    let mut table = Table {
        id: table_id(ctx, &raw.id),
        caption: ctx.opt_md("", "caption", &raw.caption),
        columns,
        items: Vec::new(),
        sections: Vec::new(),
        span,
    };
    table.items = convert_items(ctx, env, &table, scope, "items", &raw.items);
    table.sections = raw
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| convert_section(ctx, env, &table, scope, &join("sections", i), s))
        .collect();
    report_unknown_names(ctx, env);
    table
}

/// Warns about each responsible name no body has; one that stands in
/// several rows is probably a body missing from district.yaml, and the
/// message says so.
fn report_unknown_names(ctx: &mut Ctx, env: &TableEnv) {
    let found = std::mem::take(&mut *env.unknown.borrow_mut());
    let mut rows: std::collections::HashMap<&str, usize> = Default::default();
    for (name, _) in &found {
        *rows.entry(name.as_str()).or_default() += 1;
    }
    for (name, mut d) in found.iter().cloned() {
        let n = rows.get(name.as_str()).copied().unwrap_or(1);
        if n > 1 {
            let places = crate::typography::plural(n, "месте", "местах", "местах");
            d = d.with_help(format!(
                "это название стоит в таблице в {n} {places} — вероятно, это исполнитель: добавьте его (или синоним в `aliases`) в `bodies` файла district.yaml; {NOT_A_BODY}"
            ));
        }
        ctx.push(d);
    }
}

/// Ids the pages themselves use; a table may not take them.
const RESERVED_IDS: &[&str] = &[
    "content",
    "data",
    "school",
    "data-title",
    "school-title",
    "fragment-code",
    "iframe-code",
];

/// A table's own anchor: latin letters, digits and hyphens, not one the page
/// uses for itself, not `table-N` (the automatic ids) and not an item's `p-…`.
fn table_id(ctx: &mut Ctx, raw: &Option<Scalar>) -> Option<String> {
    let id = ctx.opt_text("", "id", raw)?;
    let well_formed = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    let clashes = RESERVED_IDS.contains(&id.as_str())
        || id.starts_with("table-")
        || id.starts_with("p-")
        || id.starts_with("fn")
        || id.starts_with("g-");
    if well_formed && !clashes {
        return Some(id);
    }
    ctx.push(
        Diagnostic::error(ctx.value_span("id"), format!("недопустимый якорь таблицы «{id}»"))
            .with_help("якорь пишут строчными латинскими буквами, цифрами и дефисами, например `plan-grafik`; он не может начинаться с table-, p-, fn, g- и совпадать со служебными (content, data, school)"),
    );
    None
}

fn convert_columns(ctx: &mut Ctx, env: &TableEnv, raw: &RawTable) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for (i, c) in raw.columns.iter().enumerate() {
        let path = join("columns", i);
        let key_path = join(&path, "key");
        let key = ctx.text(&key_path, &c.key);
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !valid || ROW_FIELDS[6..].contains(&key.as_str()) {
            ctx.push(
                Diagnostic::error(ctx.value_span(&key_path), format!("недопустимая роль столбца «{key}»"))
                    .with_help("роль — number, text, responsible, period, result, note или своё латинское слово (строчные буквы, цифры, _)"),
            );
            continue;
        }
        if columns.iter().any(|o| o.key.as_str() == key) {
            ctx.push(Diagnostic::error(
                ctx.value_span(&key_path),
                format!("столбец «{key}» объявлен дважды"),
            ));
            continue;
        }
        let body = c.body.as_ref().and_then(|b| {
            let body_path = join(&path, "body");
            let id = ctx.text(&body_path, b);
            let span = ctx.value_span(&body_path);
            if env.bodies.iter().any(|x| x.id.0 == id) {
                Some(BodyRef {
                    id: BodyId(id),
                    span,
                })
            } else {
                let help = match yaml::closest(&id, env.bodies.iter().map(|x| x.id.0.as_str())) {
                    Some(s) => format!("возможно, имелось в виду «{s}»"),
                    None => "укажите `id` исполнителя из district.yaml".to_string(),
                };
                ctx.push(
                    Diagnostic::error(span, format!("неизвестный исполнитель «{id}»"))
                        .with_help(help),
                );
                None
            }
        });
        columns.push(Column {
            key: ColumnKey::parse(&key),
            title: ctx.text(&join(&path, "title"), &c.title),
            body,
            span: ctx.value_span(&path),
        });
    }
    columns
}

fn convert_section(
    ctx: &mut Ctx,
    env: &TableEnv,
    table: &Table,
    outer: YearScope,
    path: &str,
    raw: &RawSection,
) -> Section {
    let title = ctx.opt_md(path, "title", &raw.title);
    let scope = match &raw.year {
        Some(_) => {
            let year = ctx.opt_text(path, "year", &raw.year);
            outer.within_field(ctx, &join(path, "year"), year)
        }
        None => outer.within_heading(title.as_ref().map(|t| t.source.as_str())),
    };
    Section {
        number: ctx.opt_text(path, "number", &raw.number),
        number_span: raw
            .number
            .as_ref()
            .map(|_| ctx.value_span(&join(path, "number"))),
        number_cell: raw.number_cell.unwrap_or(false)
            && raw.number.is_some()
            && table.columns.len() > 1,
        title,
        tasks: ctx.opt_md(path, "tasks", &raw.tasks),
        indicators: ctx.opt_md(path, "indicators", &raw.indicators),
        text: ctx.opt_md(path, "text", &raw.text),
        items: convert_items(ctx, env, table, scope, &join(path, "items"), &raw.items),
        sections: raw
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let path = join(&join(path, "sections"), i);
                convert_section(ctx, env, table, scope, &path, s)
            })
            .collect(),
        span: ctx.value_span(path),
    }
}

fn convert_items(
    ctx: &mut Ctx,
    env: &TableEnv,
    table: &Table,
    scope: YearScope,
    path: &str,
    raw: &[Value],
) -> Vec<Item> {
    raw.iter()
        .enumerate()
        .filter_map(|(i, v)| convert_item(ctx, env, table, scope, &join(path, i), v))
        .collect()
}

fn wrong_type(ctx: &mut Ctx, path: &str, expected: &str) {
    ctx.push(
        Diagnostic::error(
            ctx.value_span(path),
            format!("неверный тип значения: здесь нужен {expected}"),
        )
        .with_label("неверный тип")
        .with_help("сравните с примером в docs/format.md"),
    );
}

/// Scalar text of a row field, exactly as written; reports other types.
fn scalar(ctx: &mut Ctx, path: &str, v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => return None,
        _ => {
            wrong_type(ctx, path, "текст");
            return None;
        }
    };
    Some(ctx.text(path, &Scalar(s)))
}

fn markdown(ctx: &mut Ctx, path: &str, v: &Value) -> Option<Markdown> {
    scalar(ctx, path, v).map(|source| Markdown::new(source, ctx.value_span(path)))
}

fn convert_item(
    ctx: &mut Ctx,
    env: &TableEnv,
    table: &Table,
    scope: YearScope,
    path: &str,
    v: &Value,
) -> Option<Item> {
    let Value::Mapping(map) = v else {
        wrong_type(
            ctx,
            path,
            "набор полей строки таблицы («text: …», «period: …»)",
        );
        return None;
    };
    let mut item = Item::empty(ctx.value_span(path));
    // Fields that depend on others are read after the loop, whatever
    // their order in the row.
    let mut responsible_text = None;
    let mut period_text = None;
    let mut year = None;
    let mut children = None;
    let mut plain = NotBodies::None;
    for (k, value) in map {
        let Some(key) = k.as_str() else {
            wrong_type(ctx, path, "ключ-слово");
            continue;
        };
        let field = join(path, key);
        match key {
            "number" => {
                item.number = scalar(ctx, &field, value);
                item.number_span = Some(ctx.value_span(&field));
            }
            "text" => item.text = markdown(ctx, &field, value),
            "result" => item.result = markdown(ctx, &field, value).map(Box::new),
            "note" => item.note = markdown(ctx, &field, value).map(Box::new),
            "report" => item.report = markdown(ctx, &field, value).map(Box::new),
            "responsible" => responsible_text = scalar(ctx, &field, value).map(|t| (field, t)),
            "period" => period_text = scalar(ctx, &field, value).map(|t| (field, t)),
            "year" => year = scalar(ctx, &field, value).map(|t| (field, t)),
            "not_bodies" => plain = not_bodies(ctx, &field, value),
            "status" => {
                item.status = scalar(ctx, &field, value).and_then(|s| status(ctx, &field, &s))
            }
            "evidence" => item.evidence = evidence(ctx, &field, value),
            "items" => match value {
                Value::Sequence(seq) => children = Some((field, seq)),
                Value::Null => {}
                _ => wrong_type(ctx, &field, "список строк"),
            },
            other if table.columns.iter().any(|c| c.key.as_str() == other) => {
                if let Some(m) = markdown(ctx, &field, value) {
                    item.cells.insert(other.to_string(), m);
                }
            }
            other => unknown_row_field(ctx, table, &field, other),
        }
    }
    if let Some((field, text)) = responsible_text {
        item.responsible = Some(responsible(ctx, env, &field, text, &plain));
    }
    if let Some((field, text)) = &period_text {
        let (period, year) = scope.period(text);
        item.period = Some(period);
        item.period_year = year;
        item.period_span = Some(ctx.value_span(field));
    }
    if let Some((field, seq)) = children {
        let inner = match year {
            Some((year_field, text)) => scope.within_field(ctx, &year_field, Some(text)),
            // A group row that is only a year («2021 год»), or whose period
            // is a whole year, gives that year to the rows under it.
            None => scope
                .within_heading(item.text.as_ref().map(|t| t.source.as_str()))
                .within_heading(period_text.as_ref().map(|(_, t)| t.as_str())),
        };
        item.children = convert_items(ctx, env, table, inner, &field, seq);
    } else if let Some((field, _)) = year {
        ctx.push(
            Diagnostic::error(ctx.loc.key(&field), "у строки без вложенных строк поле `year` ничего не меняет")
                .with_help("год пишут в сроке самой строки («март 2022») или у строки-группы, раздела, таблицы, под которыми стоят строки без года"),
        );
    }
    check_columns_exist(ctx, table, path, &item);
    Some(item)
}

/// A row's `not_bodies`: `true` (the whole responsible cell is plain text)
/// or the names in it that are not bodies.
enum NotBodies {
    None,
    Cell,
    Names(Vec<String>),
}

fn not_bodies(ctx: &mut Ctx, path: &str, value: &Value) -> NotBodies {
    match value {
        Value::Bool(true) => NotBodies::Cell,
        Value::Bool(false) | Value::Null => NotBodies::None,
        Value::String(name) => NotBodies::Names(vec![name.clone()]),
        Value::Sequence(names) => {
            let names: Option<Vec<String>> = names
                .iter()
                .map(|n| n.as_str().map(str::to_string))
                .collect();
            names.map_or_else(
                || {
                    wrong_type(ctx, path, "`true` или список названий");
                    NotBodies::None
                },
                NotBodies::Names,
            )
        }
        _ => {
            wrong_type(ctx, path, "`true` или список названий");
            NotBodies::None
        }
    }
}

fn unknown_row_field(ctx: &mut Ctx, table: &Table, field: &str, name: &str) {
    let mut allowed: Vec<String> = ROW_FIELDS.iter().map(|s| s.to_string()).collect();
    allowed.extend(
        table
            .columns
            .iter()
            .filter(|c| matches!(c.key, ColumnKey::Custom(_)))
            .map(|c| c.key.as_str().to_string()),
    );
    let d = yaml::unknown_field(ctx.loc.key(field), name, &allowed);
    ctx.push(d);
}

/// A row may fill only the columns its table has (plus status and report).
fn check_columns_exist(ctx: &mut Ctx, table: &Table, path: &str, item: &Item) {
    let standard = [
        (ColumnKey::Number, item.number.is_some()),
        (ColumnKey::Text, item.text.is_some()),
        (ColumnKey::Responsible, item.responsible.is_some()),
        (ColumnKey::Period, item.period.is_some()),
        (ColumnKey::Result, item.result.is_some()),
        (ColumnKey::Note, item.note.is_some()),
    ];
    for (key, present) in standard {
        // Group rows and matrix sub-headings may carry a number and text anyway.
        let lenient =
            matches!(key, ColumnKey::Number | ColumnKey::Text) && !item.children.is_empty();
        if present && !lenient && !table.has_column(&key) {
            let field = join(path, key.as_str());
            ctx.push(
                Diagnostic::error(ctx.loc.key(&field), format!("в этой таблице нет столбца «{}»", key.as_str()))
                    .with_help("добавьте столбец в `columns` таблицы или перенесите значение в существующий столбец"),
            );
        }
    }
}

/// A responsible cell: its text kept as written, the bodies it names
/// linked. A name no body has is published as text and warned about
/// (real cells hold descriptions, persons, names cut at a page end), not
/// refused; `not_bodies` in district.yaml silences it.
fn responsible(
    ctx: &mut Ctx,
    env: &TableEnv,
    path: &str,
    text: String,
    plain: &NotBodies,
) -> Responsible {
    let span = ctx.value_span(path);
    if let NotBodies::Cell = plain {
        let parts = vec![ResponsiblePart::Other(text.clone())];
        return Responsible { text, span, parts };
    }
    let (parts, unknown) = bodies::resolve(&text, &env.names);
    for u in unknown {
        let listed = match plain {
            NotBodies::Names(names) => is_not_a_body(names, &text, u.start, u.end),
            _ => false,
        };
        if listed || is_not_a_body(env.not_bodies, &text, u.start, u.end) {
            continue;
        }
        let at = ctx.locate(span, &text, u.start, u.end);
        let help = match &u.suggestion {
            Some(s) => format!("возможно, имелось в виду «{s}»; если это другой исполнитель, добавьте его (или синоним в `aliases`) в district.yaml; {NOT_A_BODY}"),
            None => format!("если это исполнитель, добавьте его (или синоним в `aliases`) в district.yaml; {NOT_A_BODY}"),
        };
        let d = Diagnostic::warning(
            at,
            format!(
                "исполнитель «{}» не найден в списке исполнителей территории",
                u.text
            ),
        )
        .with_label("будет опубликован как текст, без ссылки")
        .with_help(help);
        env.unknown
            .borrow_mut()
            .push((u.text.trim().to_lowercase(), d));
    }
    Responsible { text, span, parts }
}

const NOT_A_BODY: &str = "если это не исполнитель (человек, описание), внесите этот текст в `not_bodies` файла district.yaml (или напишите у строки `not_bodies: true` — вся ячейка будет текстом), и предупреждения не будет";

/// Whether `not_bodies` lists the unknown stretch `cell[start..end]`, the
/// part of the cell between commas (or semicolons) that holds it, or the
/// whole cell: any case, any run of spaces, «ё» as «е».
fn is_not_a_body(not_bodies: &[String], cell: &str, start: usize, end: usize) -> bool {
    let folded = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace('ё', "е")
    };
    let part_start = cell[..start].rfind([',', ';']).map_or(0, |i| i + 1);
    let part_end = cell[end..].find([',', ';']).map_or(cell.len(), |i| end + i);
    [&cell[start..end], &cell[part_start..part_end], cell]
        .iter()
        .any(|t| not_bodies.iter().any(|n| folded(n) == folded(t)))
}

fn status(ctx: &mut Ctx, path: &str, s: &str) -> Option<Status> {
    let st = match s.trim().to_lowercase().as_str() {
        "planned" | "запланировано" => Status::Planned,
        "in_progress" | "выполняется" => Status::InProgress,
        "done" | "выполнено" => Status::Done,
        "cancelled" | "отменено" => Status::Cancelled,
        _ => {
            let allowed = [
                "запланировано",
                "выполняется",
                "выполнено",
                "отменено",
                "planned",
                "in_progress",
                "done",
                "cancelled",
            ];
            let help = match yaml::closest(s, allowed) {
                Some(c) => format!("возможно, имелось в виду «{c}»; допустимы: запланировано, выполняется, выполнено, отменено"),
                None => "допустимы: запланировано, выполняется, выполнено, отменено".to_string(),
            };
            ctx.push(
                Diagnostic::error(
                    ctx.value_span(path),
                    format!("недопустимое состояние исполнения «{s}»"),
                )
                .with_help(help),
            );
            return None;
        }
    };
    Some(st)
}

fn evidence(ctx: &mut Ctx, path: &str, v: &Value) -> Vec<Evidence> {
    let Value::Sequence(seq) = v else {
        wrong_type(ctx, path, "список ссылок (`- title: …` и `url: …`)");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, e) in seq.iter().enumerate() {
        let p = join(path, i);
        let (Some(title), Some(url)) = (
            e.get("title").and_then(Value::as_str),
            e.get("url").and_then(Value::as_str),
        ) else {
            ctx.push(
                Diagnostic::error(
                    ctx.value_span(&p),
                    "у подтверждения нужны поля «title» и «url»",
                )
                .with_help("например: `- title: Справка` и `url: https://…`"),
            );
            continue;
        };
        if !crate::url::is_safe_link(url) {
            ctx.push(
                Diagnostic::error(
                    ctx.value_span(&join(&p, "url")),
                    format!("адрес «{url}» недопустим"),
                )
                .with_help(
                    "ссылка на подтверждение — адрес сайта (https://…) или файл рядом с планом",
                ),
            );
            continue;
        }
        out.push(Evidence {
            title: title.to_string(),
            url: url.to_string(),
        });
    }
    out
}
