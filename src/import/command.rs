//! `vekha import FILE`: read, convert, write beside and rename, so a
//! failed run leaves no half-written file and never overwrites a plan
//! unless asked.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::bodies::{add_to_district, can_add, propose};
use super::source::{convert, Report};

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
    match ext.as_str() {
        "docx" | "xlsx" => {}
        "doc" => return Err(format!("{shown}: {}", super::docx::ReadError::OldWord)),
        "xls" | "ods" | "odt" => {
            return Err(format!("{shown}: файлы .{ext} Vekha пока не читает; сохраните документ как «Документ Word (*.docx)» или таблицу как «Книга Excel (*.xlsx)»"))
        }
        _ => return Err(format!("{shown}: Vekha импортирует документы Word (.docx) и таблицы Excel (.xlsx)")),
    }
    let (doc, notes) = if ext == "xlsx" {
        workbook_document(file).map_err(|e| format!("{shown}: {e}"))?
    } else {
        let doc = super::docx::read(file).map_err(|e| format!("{shown}: {e}"))?;
        (doc, Vec::new())
    };
    let mut imported = convert(&doc, options.today);
    imported.report.look_at.extend(notes);
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
    let mut report = imported.report;
    if created {
        report.look_at.insert(0, format!(
            "создана новая территория {}: впишите в её district.yaml название (name), уровень (kind) и регион (region)",
            options.district.display()
        ));
    }
    read_back(&options.district, &target, &mut report)?;
    Ok((target, report))
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
    let root = district.parent().and_then(Path::parent).unwrap_or(district);
    let loaded = crate::load::load_district(root, district, 0);
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
    for (t, table) in plan.tables().enumerate() {
        for (row, item) in table.all_items().iter().enumerate() {
            let (Some(period), Some(span)) = (&item.period, item.period_span) else {
                continue;
            };
            if period.is_understood() {
                report.periods_understood += 1;
                continue;
            }
            report.periods_not_understood.push(format!(
                "«{}» (таблица {} плана, пункт {}; {})",
                period.text,
                t + 1,
                row + 1,
                loaded.sources.location(span)
            ));
        }
    }
    report.abbreviations = territory.glossary.len();
    let proposed = propose(plan, &territory.bodies);
    if !proposed.is_empty() {
        let path = district.join("district.yaml");
        let text = std::fs::read_to_string(&path).map_err(told(&path))?;
        if !can_add(&text) {
            let names: Vec<&str> = proposed.iter().map(|b| b.name.as_str()).collect();
            report.look_at.push(format!(
                "список bodies в district.yaml записан в одну строку — добавьте в него исполнителей сами: {}",
                names.join(", ")
            ));
            return Ok(());
        }
        write_beside(&path, &add_to_district(&text, &proposed))?;
    }
    report.bodies = proposed;
    Ok(())
}

/// A workbook's visible sheets as a document of tables, and what was left
/// out (hidden sheets and rows).
fn workbook_document(
    file: &Path,
) -> Result<(super::docx::Document, Vec<String>), super::docx::ReadError> {
    let book = super::xlsx::read(file)?;
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
    Ok((doc, notes))
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
            t.kind, t.number, t.sections, t.items
        ));
        for (title, key) in &t.columns {
            out.push_str(&format!("    «{title}» → {key}\n"));
        }
    }
    out.push_str(&format!(
        "  сроков понято: {}, не понято: {}\n",
        report.periods_understood,
        report.periods_not_understood.len()
    ));
    for place in report.periods_not_understood.iter().take(10) {
        out.push_str(&format!(
            "    не понят срок {place} — он останется текстом\n"
        ));
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
