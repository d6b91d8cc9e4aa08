//! The theme: tera templates and static files. The default theme is
//! compiled into the binary, so an installed `vekha` works anywhere; a site
//! may name its own theme folder, whose files replace the default ones of
//! the same name (`templates/plan.html`, `static/vekha.css`) or add new ones.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Severity};

/// Files of the default theme, by path inside `themes/default/`.
const DEFAULT: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/vi-panel.html",
        include_str!("../themes/default/templates/vi-panel.html"),
    ),
    (
        "templates/doc-head.html",
        include_str!("../themes/default/templates/doc-head.html"),
    ),
    (
        "templates/signature.html",
        include_str!("../themes/default/templates/signature.html"),
    ),
    (
        "templates/table.html",
        include_str!("../themes/default/templates/table.html"),
    ),
    (
        "templates/document.html",
        include_str!("../themes/default/templates/document.html"),
    ),
    (
        "templates/plan.html",
        include_str!("../themes/default/templates/plan.html"),
    ),
    (
        "templates/data-files.html",
        include_str!("../themes/default/templates/data-files.html"),
    ),
    (
        "templates/school.html",
        include_str!("../themes/default/templates/school.html"),
    ),
    (
        "templates/filters.html",
        include_str!("../themes/default/templates/filters.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "templates/now-next.html",
        include_str!("../themes/default/templates/now-next.html"),
    ),
    (
        "templates/district.html",
        include_str!("../themes/default/templates/district.html"),
    ),
    (
        "templates/body.html",
        include_str!("../themes/default/templates/body.html"),
    ),
    (
        "templates/body-items.html",
        include_str!("../themes/default/templates/body-items.html"),
    ),
    (
        "templates/glossary.html",
        include_str!("../themes/default/templates/glossary.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../themes/default/templates/timeline.html"),
    ),
    (
        "templates/calendar.html",
        include_str!("../themes/default/templates/calendar.html"),
    ),
    (
        "templates/calendar-content.html",
        include_str!("../themes/default/templates/calendar-content.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/embed.html",
        include_str!("../themes/default/templates/embed.html"),
    ),
    (
        "templates/about.html",
        include_str!("../themes/default/templates/about.html"),
    ),
    (
        "static/vekha.css",
        include_str!("../themes/default/static/vekha.css"),
    ),
    (
        "static/vekha.js",
        include_str!("../themes/default/static/vekha.js"),
    ),
    (
        "static/embed.js",
        include_str!("../themes/default/static/embed.js"),
    ),
    (
        "static/favicon.svg",
        include_str!("../themes/default/static/favicon.svg"),
    ),
];

/// A theme ready to use: templates by name (`plan.html`) and static files by
/// output path under `assets/`.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Templates the site's own theme supplies: they are used as written
    /// (only the built-in ones are minified, see `render::Templates`).
    pub own_templates: std::collections::BTreeSet<String>,
}

impl Theme {
    /// The default theme, with the files of `folder` (if any) laid over it.
    pub fn load(folder: Option<&Path>) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        for (path, text) in DEFAULT {
            theme.insert(path, text.as_bytes().to_vec());
        }
        if let Some(folder) = folder {
            if !folder.is_dir() {
                return Err(Diagnostic::for_path(Severity::Error, folder, "папка темы не найдена")
                    .with_help("проверьте поле `theme` в content/site.yaml: путь указывается от корня сайта"));
            }
            // Only the theme's two folders are read: a theme path that points
            // too high (`.`) must not pull the whole site into memory.
            for sub in ["templates", "static"] {
                let base = folder.join(sub);
                for entry in WalkDir::new(&base)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let Ok(rel) = entry.path().strip_prefix(folder) else {
                        continue;
                    };
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let bytes = std::fs::read(entry.path()).map_err(|e| {
                        Diagnostic::for_path(
                            Severity::Error,
                            entry.path(),
                            format!(
                                "не удалось прочитать файл темы: {}",
                                crate::diagnostics::os_error(&e)
                            ),
                        )
                    })?;
                    if let Some(name) = rel.strip_prefix("templates/") {
                        theme.own_templates.insert(name.to_string());
                    }
                    theme.insert(&rel, bytes);
                }
            }
        }
        Ok(theme)
    }

    fn insert(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of themes/default must be embedded, or an installed binary
    /// would miss it.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            // Fonts are compiled into the document writer (documents/pdf.rs).
            .filter(|e| !e.path().starts_with(root.join("fonts")))
            .filter_map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        let mut embedded: Vec<String> = DEFAULT.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn a_site_theme_overrides_and_adds_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "свой 404").unwrap();
        std::fs::write(dir.path().join("static/logo.svg"), "<svg/>").unwrap();
        let theme = Theme::load(Some(dir.path())).unwrap();
        assert_eq!(theme.templates["404.html"], "свой 404");
        assert!(theme.templates.contains_key("plan.html"));
        assert!(theme.statics.contains_key("logo.svg"));
        assert!(Theme::load(Some(&dir.path().join("nope"))).is_err());
    }
}
