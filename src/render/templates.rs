//! The theme's templates, compiled once, and the two ways a page is
//! rendered with them.

use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Severity};
use crate::theme::Theme;

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
}
