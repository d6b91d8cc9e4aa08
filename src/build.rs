//! `vekha build`: load and check the sources, render the site, and write it
//! atomically. The new site is written into a staging folder beside the
//! output and swapped in only when everything succeeded, so a failed build
//! never damages the previous site.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity, SourceMap};
use crate::render::pages::{render_site, RenderInput};
use crate::render::{Output, Templates};
use crate::theme::Theme;

/// What a build was asked to do.
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// «Today» for «now / next» and the timeline; overrides site.yaml.
    pub today: Option<NaiveDate>,
    /// Called after each plan with (plans done, plans in all).
    pub progress: Option<Box<dyn Fn(usize, usize) + Sync>>,
    /// Whether to make the PDF and DOCX of each plan.
    pub documents: bool,
}

/// What a finished build reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub plans: usize,
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
}

/// The result of a build: diagnostics to print (with the sources they point
/// into) and, on success, the summary.
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub summary: Option<BuildSummary>,
}

/// A site rendered in memory: what `build` writes and `serve` serves.
pub struct Rendered {
    pub report: BuildReport,
    pub outputs: Vec<Output>,
}

/// Loads, checks and renders the site without writing anything. Errors in
/// the sources stop before rendering; `report.summary` is set on success.
pub fn render(options: &BuildOptions, today_default: NaiveDate) -> Rendered {
    let loaded = crate::load::load(&options.root);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(crate::check::check_site(&loaded.site, &loaded.sources));
    let mut rendered = Rendered {
        report: BuildReport {
            diagnostics,
            sources: loaded.sources,
            summary: None,
        },
        outputs: Vec::new(),
    };
    if rendered
        .report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return rendered;
    }
    let site = loaded.site;
    match render_outputs(options, &site, today_default) {
        Ok(outputs) => {
            let plans: Vec<_> = site.districts.iter().flat_map(|d| &d.plans).collect();
            rendered.report.summary = Some(BuildSummary {
                plans: plans.len(),
                items: plans
                    .iter()
                    .flat_map(|p| p.tables())
                    .map(|t| t.all_items().len())
                    .sum(),
                pages: outputs.iter().filter(|o| o.path.ends_with(".html")).count(),
                files: outputs.len(),
                bytes: outputs.iter().map(|o| o.bytes.len()).sum(),
            });
            rendered.outputs = outputs;
        }
        Err(d) => rendered.report.diagnostics.push(d),
    }
    rendered
}

fn render_outputs(
    options: &BuildOptions,
    site: &crate::model::Site,
    today_default: NaiveDate,
) -> Result<Vec<Output>, Diagnostic> {
    let theme = Theme::load(site.theme.as_ref().map(|t| options.root.join(t)).as_deref())?;
    let templates = Templates::new(&theme)?;
    let today = options.today.or(site.today).unwrap_or(today_default);
    let input = RenderInput {
        site,
        templates: &templates,
        statics: &theme.statics,
        today,
        site_json: crate::export::json::site_json(site),
        progress: options.progress.as_deref(),
        documents: options.documents,
    };
    // Typst lays out deep trees recursively: worker threads get a larger
    // stack than rayon's default, or a long plan overflows it.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build()
        .map_err(|e| {
            Diagnostic::for_path(
                Severity::Error,
                &options.out,
                format!("не удалось запустить потоки сборки: {e}"),
            )
        })?;
    let outputs = pool.install(|| render_site(&input))?;
    // Minifying is per page and the largest share of the work: in parallel,
    // order kept.
    let mut outputs: Vec<Output> = pool.install(|| outputs.into_par_iter().map(minify).collect());
    outputs.extend(attachments(site)?);
    outputs.push(Output {
        path: MARKER.into(),
        bytes: b"This folder was built by Vekha and is replaced whole by the next build.\n"
            .to_vec(),
    });
    Ok(outputs)
}

/// Builds the site. Errors in the sources stop the build before anything is
/// written; the output folder is replaced only when everything succeeded.
pub fn build(options: &BuildOptions, today_default: NaiveDate) -> BuildReport {
    if let Err(d) = check_output_folder(&options.root, &options.out) {
        let loaded_sources = crate::diagnostics::SourceMap::default();
        return BuildReport {
            diagnostics: vec![d],
            sources: loaded_sources,
            summary: None,
        };
    }
    let Rendered {
        mut report,
        outputs,
    } = render(options, today_default);
    if report.summary.is_none() {
        return report;
    }
    if let Err(d) = write_atomically(&options.out, &outputs) {
        report.summary = None;
        report.diagnostics.push(d);
    }
    report
}

/// The files of district folders that plans link to, copied as they are.
fn attachments(site: &crate::model::Site) -> Result<Vec<Output>, Diagnostic> {
    let mut out = Vec::new();
    for d in &site.districts {
        for a in &d.attachments {
            let bytes = std::fs::read(&a.source).map_err(|e| {
                Diagnostic::for_path(
                    Severity::Error,
                    &a.source,
                    format!("не удалось прочитать вложение: {e}"),
                )
            })?;
            out.push(Output {
                path: crate::render::pages::attachment_path(d, a),
                bytes,
            });
        }
    }
    Ok(out)
}

/// Minifies HTML pages; scripts stay as written (they are separate files),
/// and entities such as `&lt;` are kept.
fn minify(output: Output) -> Output {
    // Fragments stay as written: people read and copy their code.
    if !output.path.ends_with(".html") || output.path.ends_with("fragment.html") {
        return output;
    }
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_doctype: false,
        minify_js: false,
        minify_css: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        remove_bangs: false,
        remove_processing_instructions: false,
        ..Default::default()
    };
    Output {
        bytes: minify_html::minify(&output.bytes, &cfg),
        path: output.path,
    }
}

/// Refuses output folders whose replacement would destroy sources.
fn check_output_folder(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalise(&p)
    };
    let out_abs = abs(out);
    let root_abs = abs(root);
    let content = root_abs.join("content");
    let forbidden = out_abs.parent().is_none()
        || out_abs == root_abs
        || root_abs.starts_with(&out_abs)
        || out_abs == content
        || out_abs.starts_with(&content)
        || out_abs.join("content").is_dir() && out_abs.join("content/site.yaml").is_file();
    if forbidden {
        return Err(Diagnostic::for_path(Severity::Error, out, "в эту папку собирать сайт нельзя: при замене пропали бы исходники")
            .with_help("укажите отдельную папку для готового сайта, например `--out public`; это не может быть корень сайта, папка content/ или /"));
    }
    // The build replaces the whole folder: only an empty folder or one that
    // Vekha built before (it holds the marker file) may be replaced.
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::for_path(
                Severity::Error,
                out,
                "папка не пуста и собрана не программой «Веха»: сборка заменила бы её целиком вместе с чужими файлами",
            )
            .with_help("укажите пустую или новую папку (`--out public`), или перенесите из этой папки свои файлы и удалите её"));
        }
    }
    Ok(())
}

/// A file in every built site: marks the folder as Vekha's to replace.
pub const MARKER: &str = ".vekha-site";

/// `a/./b/../c` → `a/c` without touching the disk (the folder may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Writes all files into `<out>.vekha-new`, then swaps it with `out`.
fn write_atomically(out: &Path, outputs: &[Output]) -> Result<(), Diagnostic> {
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::for_path(Severity::Error, path, format!("{what}: {e}"))
            .with_help("проверьте, что папка доступна для записи и диск не заполнен; прежняя версия сайта не тронута")
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io("не удалось создать папку", parent, e))?;
    let staging = parent.join(format!(".{name}.vekha-new"));
    let old = parent.join(format!(".{name}.vekha-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(|e| io("не удалось убрать остатки прошлой сборки", leftover, e))?;
        }
    }
    for o in outputs {
        let path = staging.join(&o.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io("не удалось создать папку", dir, e))?;
        }
        std::fs::write(&path, &o.bytes).map_err(|e| io("не удалось записать файл", &path, e))?;
    }
    if out.exists() {
        std::fs::rename(out, &old)
            .map_err(|e| io("не удалось заменить прежнюю версию сайта", out, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, out);
        return Err(io(
            "не удалось поставить новую версию сайта на место",
            out,
            e,
        ));
    }
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// The Russian summary line of a build.
pub fn summary_line(s: &BuildSummary, out: &Path, started: Instant) -> String {
    let secs = format!("{:.2}", started.elapsed().as_secs_f64()).replace('.', ",");
    format!(
        "Сайт собран: планов {}, строк {}, страниц {}, файлов {} ({}) за {secs} с → {}",
        s.plans,
        s.items,
        s.pages,
        s.files,
        crate::render::pages::human_size(s.bytes),
        out.display()
    )
}
