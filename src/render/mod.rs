//! Rendering: the model into the files of the site, through the theme.
//!
//! `pages.rs` builds one view per page and renders it with tera; `views.rs`
//! turns model parts into what templates see; `text.rs` turns text into HTML.
//! Everything here is pure: files come back as bytes in memory and the
//! `build` module writes them.

pub mod fragment;
pub mod pages;
pub mod text;
pub mod views;

use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Severity};
use crate::theme::Theme;

/// One file of the built site: path relative to the site folder, with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The template engine with the theme's templates compiled once.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    pub fn new(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(|e| template_error("", &e))?;
        Ok(Templates { tera })
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(name, &e))
    }
}

fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    let what = if name.is_empty() {
        "ошибка в шаблонах темы".to_string()
    } else {
        format!("не удалось построить страницу по шаблону «{name}»")
    };
    Diagnostic::for_path(
        Severity::Error,
        std::path::Path::new(&format!("templates/{name}")),
        format!("{what}: {detail}"),
    )
    .with_help(
        "если вы меняли шаблоны своей темы, сравните их со встроенными (themes/default/templates)",
    )
}

/// The prefix that leads from a page at `path` back to the site root:
/// `kirovsky/plan/index.html` → `../../`. All links are relative, so the
/// site works from any sub-folder and from the disk.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_follows_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("kirovsky/index.html"), "../");
        assert_eq!(root_of("kirovsky/bodies/imc/index.html"), "../../../");
    }
}
