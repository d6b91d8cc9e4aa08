//! `vekha import FILE`: read, convert, write beside and rename, so a
//! failed run leaves no half-written file and never overwrites a plan
//! unless asked.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::bodies::{add_to_district, can_add, propose, Levels};
use super::source::{convert, Report, TableKind};

pub struct Options {
    pub file: PathBuf,
    /// The territory's folder (by default the current one).
    pub district: PathBuf,
    /// The plan file to write (by default `<district>/<file name>.md`).
    pub out: Option<PathBuf>,
    pub force: bool,
    pub today: NaiveDate,
}

/// Imports `options.file`; the written file and what was recognised, or
/// what went wrong, in Russian.
pub fn run(options: &Options) -> Result<(PathBuf, Report), String> {
    let file = &options.file;
    let shown = file.display();
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let read = match ext.as_str() {
        "docx" => super::docx::read(file).map(|doc| (doc, Vec::new())),
        "odt" => super::odf::read_text(file).map(|doc| (doc, Vec::new())),
        "xlsx" => super::xlsx::read(file).map(workbook_document),
        "ods" => super::odf::read_sheets(file).map(workbook_document),
        "doc" => Err(super::docx::ReadError::OldWord),
        "xls" => {
            return Err(format!("{shown}: это книга Excel старого формата (.xls): Vekha читает .xlsx и .ods. Откройте её в Excel или LibreOffice Calc и сохраните как «Книга Excel (*.xlsx)»"))
        }
        _ => return Err(format!("{shown}: Vekha импортирует документы Word (.docx) и LibreOffice (.odt), таблицы Excel (.xlsx) и LibreOffice Calc (.ods)")),
    };
    let (doc, notes) = read.map_err(|e| format!("{shown}: {e}"))?;
    let (known, may_add) = known_bodies(&options.district);
    let mut levels = Levels::new(&known, may_add);
    let mut imported = convert(&doc, options.today, &mut levels);
    imported.report.look_at.extend(notes);
    if !levels.refused.is_empty() {
        imported.report.look_at.push(format!(
            "столбцы матрицы не стали исполнителями, потому что список bodies в district.yaml записан в одну строку: {}; добавьте их в bodies сами и впишите их id в `body` у столбцов",
            levels.refused.join("; ")
        ));
    }
    let target = options.out.clone().unwrap_or_else(|| {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let slug = crate::slug::slugify(&stem);
        let name = if slug.is_empty() {
            "plan".to_string()
        } else {
            slug
        };
        options.district.join(format!("{name}.md"))
    });
    if target.exists() && !options.force {
        return Err(format!(
            "{} уже есть: Vekha не перезаписывает план; укажите другой файл (--out) или добавьте --force",
            target.display()
        ));
    }
    let created = new_territory(&options.district)?;
    write_beside(&target, &imported.source)?;
    // The levels were made only if district.yaml can take them.
    add_bodies(&options.district, &levels.new)?;
    let mut report = imported.report;
    if created {
        report.look_at.insert(0, format!(
            "создана новая территория {}: впишите в её district.yaml название (name), уровень (kind) и регион (region)",
            options.district.display()
        ));
    }
    read_back(&options.district, &target, &mut report)?;
    report.bodies.splice(0..0, levels.new);
    Ok((target, report))
}

/// The bodies the territory already has, and whether its district.yaml
/// can take new ones (a new territory can).
fn known_bodies(district: &Path) -> (Vec<crate::model::Body>, bool) {
    let Ok(text) = std::fs::read_to_string(district.join("district.yaml")) else {
        return (Vec::new(), true);
    };
    let loaded = crate::load::load_district(site_root(district), district, 0);
    let bodies = loaded.district.map(|d| d.bodies).unwrap_or_default();
    (bodies, can_add(&text))
}

/// The territory's folder and a district.yaml for it, when there is none:
/// its name from the folder's, the rest marked to be filled in.
fn new_territory(district: &Path) -> Result<bool, String> {
    let path = district.join("district.yaml");
    if path.is_file() {
        return Ok(false);
    }
    std::fs::create_dir_all(district).map_err(told(district))?;
    let folder = district
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "Территория".to_string());
    let name = serde_yaml::to_string(&folder).unwrap_or_default();
    let text = format!(
        "# Создано командой vekha import: впишите название, уровень и регион территории\n\
         # (образец — в docs/format.md), а исполнителям — полные названия.\n\
         name: {}\n\
         kind: municipal_district\n\
         region: Впишите регион\n",
        name.trim_end()
    );
    write_beside(&path, &text)?;
    Ok(true)
}

/// Reads the written plan with its territory, as `check` will: counts its
/// periods (saying where each one not understood stands, in the document
/// and in the written file) and abbreviations, and adds the bodies it
/// names to district.yaml.
fn read_back(district: &Path, plan_file: &Path, report: &mut Report) -> Result<(), String> {
    let loaded = crate::load::load_district(site_root(district), district, 0);
    let Some(territory) = loaded.district else {
        return Ok(());
    };
    // The plan read from the written file, whatever its slug.
    let written = plan_file.file_name();
    let Some(plan) = territory
        .plans
        .iter()
        .find(|p| loaded.sources.get(p.span.file).path.file_name() == written)
    else {
        report.look_at.push(format!(
            "{} не прочитан как план этой территории: запустите vekha check",
            plan_file.display()
        ));
        return Ok(());
    };
    let proposed = propose(plan, &territory.bodies);
    let names = crate::load::bodies::BodyNames::new(&territory.bodies);
    // The plan's tables are the document's tables read as plan tables, in order.
    let documents: Vec<&super::source::TableReport> = report
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Plan)
        .collect();
    let mut periods = Vec::new();
    let mut unknown = Vec::new();
    for (t, table) in plan.tables().enumerate() {
        for (row, item) in table.all_items().iter().enumerate() {
            let cell = |key: &str, span| {
                let written = loaded.sources.location(span);
                match documents.get(t) {
                    Some(document) => format!("{}; {written}", document.cell(row, key)),
                    None => written,
                }
            };
            if let (Some(period), Some(span)) = (&item.period, item.period_span) {
                if period.is_understood() {
                    report.periods_understood += 1;
                } else {
                    periods.push(format!("«{}» ({})", period.text, cell("period", span)));
                }
            }
            let Some(responsible) = &item.responsible else {
                continue;
            };
            for name in crate::load::bodies::resolve(&responsible.text, &names).1 {
                let name = name.text.trim();
                if !proposed
                    .iter()
                    .any(|b| b.name.to_lowercase() == name.to_lowercase())
                {
                    unknown.push(format!(
                        "«{name}» ({})",
                        cell("responsible", responsible.span)
                    ));
                }
            }
        }
    }
    report.periods_not_understood = periods;
    report.names_unknown = unknown;
    report.abbreviations = territory.glossary.len();
    if !add_bodies(district, &proposed)? {
        let names: Vec<&str> = proposed.iter().map(|b| b.name.as_str()).collect();
        report.look_at.push(format!(
            "список bodies в district.yaml записан в одну строку — добавьте в него исполнителей сами: {}",
            names.join(", ")
        ));
        return Ok(());
    }
    report.bodies = proposed;
    Ok(())
}

/// Adds `bodies` at the end of the territory's list in district.yaml, as
/// new lines; `false` when the list is written on one line and cannot
/// take them.
fn add_bodies(district: &Path, bodies: &[super::bodies::Proposed]) -> Result<bool, String> {
    if bodies.is_empty() {
        return Ok(true);
    }
    let path = district.join("district.yaml");
    let text = std::fs::read_to_string(&path).map_err(told(&path))?;
    if !can_add(&text) {
        return Ok(false);
    }
    write_beside(&path, &add_to_district(&text, bodies))?;
    Ok(true)
}

/// The site's root for a territory folder `content/<territory>`.
fn site_root(district: &Path) -> &Path {
    district.parent().and_then(Path::parent).unwrap_or(district)
}

/// A workbook's visible sheets as a document of tables, and what was left
/// out (hidden sheets and rows).
fn workbook_document(book: super::xlsx::Workbook) -> (super::docx::Document, Vec<String>) {
    let mut notes = Vec::new();
    for name in &book.hidden_sheets {
        notes.push(format!("скрытый лист «{name}» пропущен"));
    }
    let mut doc = super::docx::Document::default();
    for sheet in book.sheets {
        if sheet.hidden_rows > 0 {
            notes.push(format!(
                "на листе «{}» пропущено скрытых строк: {}",
                sheet.name, sheet.hidden_rows
            ));
        }
        if !sheet.table.rows.is_empty() {
            doc.blocks.push(super::docx::Block::Table(sheet.table));
        }
    }
    (doc, notes)
}

/// A system error on `path`, told in Russian with the path.
fn told(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {}", path.display(), crate::diagnostics::os_error(&e))
}

/// Writes `text` into a file beside `target`, then renames it over.
fn write_beside(target: &Path, text: &str) -> Result<(), String> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.vekha-import"));
    let failed = told(target);
    std::fs::write(&temporary, text).map_err(&failed)?;
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        failed(e)
    })
}

/// How many places of one kind the report lists; `vekha check` lists all.
const SHOWN: usize = 10;

/// «и ещё N» after a list cut at `SHOWN`.
fn more(out: &mut String, total: usize) {
    if total > SHOWN {
        out.push_str(&format!(
            "    … и ещё {} (все покажет vekha check)\n",
            total - SHOWN
        ));
    }
}

/// What was recognised, told in Russian.
pub fn describe(target: &Path, report: &Report) -> String {
    let mut out = format!("Записан план {}\n", target.display());
    if let Some(title) = &report.title {
        out.push_str(&format!("  заглавие: {title}\n"));
    }
    out.push_str(&format!(
        "  отметок «Приложение…»: {}, грифов: {}, блоков текста: {}\n",
        report.marks, report.stamps, report.prose
    ));
    for t in &report.tables {
        out.push_str(&format!(
            "  {} {}: разделов {}, строк {}\n",
            t.kind.name(),
            t.number,
            t.sections,
            t.items
        ));
        for c in &t.columns {
            match &c.body {
                Some(body) => out.push_str(&format!(
                    "    «{}» → {} (исполнитель {body})\n",
                    c.title, c.key
                )),
                None => out.push_str(&format!("    «{}» → {}\n", c.title, c.key)),
            }
        }
    }
    out.push_str(&format!(
        "  сроков понято: {}, не понято: {}\n",
        report.periods_understood,
        report.periods_not_understood.len()
    ));
    for place in report.periods_not_understood.iter().take(SHOWN) {
        out.push_str(&format!(
            "    не понят срок {place} — он останется текстом\n"
        ));
    }
    more(&mut out, report.periods_not_understood.len());
    if !report.names_unknown.is_empty() {
        out.push_str(&format!(
            "  названий в столбце ответственных, которых нет среди исполнителей территории: {} — если это исполнитель, добавьте его в `bodies` файла district.yaml; если человек или описание, внесите его в `not_bodies` того же файла (или напишите у строки `not_bodies: true`), и vekha check не будет о нём предупреждать\n",
            report.names_unknown.len()
        ));
        for place in report.names_unknown.iter().take(SHOWN) {
            out.push_str(&format!("    {place}\n"));
        }
        more(&mut out, report.names_unknown.len());
    }
    out.push_str(&format!(
        "  сокращений в списке сокращений документа: {}; в словаре территории (с найденными в тексте «(далее – …)»): {}\n",
        report.glossary, report.abbreviations
    ));
    if !report.bodies.is_empty() {
        out.push_str(
            "  в district.yaml добавлены исполнители (проверьте названия, допишите full_name):\n",
        );
        for b in &report.bodies {
            out.push_str(&format!("    {} — «{}», строк: {}\n", b.id, b.name, b.rows));
        }
    }
    for note in &report.look_at {
        out.push_str(&format!("  проверьте: {note}\n"));
    }
    out.push_str("Дальше: vekha check — покажет нераспознанные сроки, исполнителей и сокращения.");
    out
}
