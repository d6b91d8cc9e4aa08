//! `vekha init`: a new site that builds at once — a site file and one
//! sample district with a small plan, to copy from.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("init/site.yaml")),
    (
        "content/primer/district.yaml",
        include_str!("init/district.yaml"),
    ),
    ("content/primer/plan-2025.md", include_str!("init/plan.md")),
];

/// Writes the sample site into `dir`; refuses to touch an existing content/.
pub fn init(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let content = dir.join("content");
    if content.exists() {
        return Err(Diagnostic::for_path(
            Severity::Error,
            &content,
            "здесь уже есть папка content/ — новый сайт не создан, ничего не изменено",
        )
        .with_help("укажите пустую папку: `vekha init мой-сайт`"));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::for_path(
                    Severity::Error,
                    parent,
                    format!(
                        "не удалось создать папку: {}",
                        crate::diagnostics::os_error(&e)
                    ),
                )
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::for_path(
                Severity::Error,
                &path,
                format!(
                    "не удалось записать файл: {}",
                    crate::diagnostics::os_error(&e)
                ),
            )
        })?;
        written.push(rel.to_string());
    }
    Ok(written)
}
