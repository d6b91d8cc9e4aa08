//! Rendering: the model into the files of the site, through the theme.
//!
//! `pages.rs` builds one view per page and renders it with tera; `views.rs`
//! turns model parts into what templates see; `text.rs` turns text into HTML.
//! Files go as bytes to a [`Sink`] (`build::Writer`, into the staging folder
//! of `build` or a folder of `serve`); nothing here writes to disk.

pub mod fragment;
pub mod pages;
pub mod regions;
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

/// Where rendered files go. Called from several threads at once.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), Diagnostic>;

    /// Offers to take a district's files from an earlier build instead of
    /// rendering them; `key` stands for everything they are made from (see
    /// `pages::district_key`). Returns the paths and sizes of the files
    /// taken, or `None` to have the district rendered.
    fn reuse(&self, _slug: &str, _key: u64) -> Option<Vec<(String, u64)>> {
        None
    }
}

/// The template engine with the theme's templates compiled once.
pub struct Templates {
    tera: Tera,
    /// See `render_with_part`.
    placeholder: String,
}

impl Templates {
    /// Compiles the theme. The built-in HTML templates are minified here,
    /// once, with their `{{ }}`/`{% %}` kept: minifying every rendered page
    /// instead cost a fifth of a large build. A site's own templates are
    /// used as written: the minifier needs whole attributes around template
    /// tags, a rule a webmaster cannot be expected to know.
    pub fn new(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let sources: Vec<(&str, String)> = theme
            .templates
            .iter()
            .map(|(name, text)| {
                let text = if name.ends_with(".html") && !theme.own_templates.contains(name) {
                    minify_template(text)
                } else {
                    text.clone()
                };
                (name.as_str(), text)
            })
            .collect();
        tera.add_raw_templates(sources.iter().map(|(k, v)| (*k, v.as_str())))
            .map_err(|e| template_error("", &e))?;
        Ok(Templates {
            tera,
            placeholder: part_placeholder(),
        })
    }

    /// A page as bytes with `part` (a part rendered once for several
    /// pages: a plan's document for its page and its embed page) standing
    /// wherever the template prints the context value `key`. Tera sees only
    /// a placeholder: given the part itself as a string it would copy it and
    /// check it as UTF-8 again on every page (5% of a build's instructions).
    pub fn render_with_part(
        &self,
        name: &str,
        context: &mut Context,
        key: &'static str,
        part: &[u8],
    ) -> Result<Vec<u8>, Diagnostic> {
        context.insert(key, &self.placeholder);
        let page = self.render_bytes(name, context)?;
        Ok(put_part(&page, &self.placeholder, part))
    }

    /// A page as bytes, rendered straight into its buffer (`Tera::render`
    /// would check the whole page as UTF-8 once more: 4% of a build).
    pub fn render_bytes(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| template_error(name, &e))?;
        Ok(out)
    }
}

/// What a template prints for a part (see `Templates::render_with_part`):
/// a word no source can hold, as it carries a number drawn afresh by every
/// run (the output never shows it, so builds stay reproducible).
fn part_placeholder() -> String {
    use std::hash::BuildHasher;
    let drawn = std::collections::hash_map::RandomState::new().hash_one(0u64);
    format!("\u{0}vekha-part-{drawn:016x}\u{0}")
}

/// `page` with every `placeholder` replaced by `part`.
fn put_part(page: &[u8], placeholder: &str, part: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len() + part.len());
    let mut copied = 0;
    for at in memchr::memmem::find_iter(page, placeholder.as_bytes()) {
        out.extend_from_slice(&page[copied..at]);
        out.extend_from_slice(part);
        copied = at + placeholder.len();
    }
    out.extend_from_slice(&page[copied..]);
    out
}

/// Minifies an HTML template, keeping tera's syntax intact. Entities such
/// as `&lt;` are kept; scripts and styles are separate files.
fn minify_template(text: &str) -> String {
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
        preserve_brace_template_syntax: true,
        ..Default::default()
    };
    let bytes = minify_html::minify(text.as_bytes(), &cfg);
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
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
    fn parts_stand_wherever_the_placeholder_was_printed() {
        let p = part_placeholder();
        assert_ne!(p, part_placeholder(), "each run draws its own word");
        let page = format!("<main>{p}</main><div>{p}</div>");
        assert_eq!(
            put_part(page.as_bytes(), &p, "<p>план</p>".as_bytes()),
            "<main><p>план</p></main><div><p>план</p></div>".as_bytes()
        );
        assert_eq!(put_part(b"<p>no part</p>", &p, b"x"), b"<p>no part</p>");
    }

    #[test]
    fn root_prefix_follows_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("kirovsky/index.html"), "../");
        assert_eq!(root_of("kirovsky/bodies/imc/index.html"), "../../../");
    }
}
