//! What conversion from raw YAML into the model needs at hand: the file,
//! where each value was written, and the list that collects diagnostics.

use crate::diagnostics::{Diagnostic, Span};
use crate::load::raw::Scalar;
use crate::model::Markdown;
use crate::yaml::{join, Locator};

pub struct Ctx<'a> {
    /// The whole text of the file (for exact positions inside values).
    pub src: &'a str,
    pub loc: &'a Locator,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// The text of a scalar exactly as written in the source (`1.10`).
    pub fn text(&self, path: &str, scalar: &Scalar) -> String {
        self.loc
            .raw(path)
            .map_or_else(|| scalar.0.clone(), str::to_string)
    }

    pub fn opt_text(&self, parent: &str, field: &str, scalar: &Option<Scalar>) -> Option<String> {
        scalar.as_ref().map(|s| self.text(&join(parent, field), s))
    }

    pub fn md(&self, path: &str, scalar: &Scalar) -> Markdown {
        Markdown::new(self.text(path, scalar), self.loc.value(path))
    }

    pub fn opt_md(&self, parent: &str, field: &str, scalar: &Option<Scalar>) -> Option<Markdown> {
        scalar.as_ref().map(|s| self.md(&join(parent, field), s))
    }

    pub fn list(&self, parent: &str, field: &str, scalars: &[Scalar]) -> Vec<String> {
        let base = join(parent, field);
        scalars
            .iter()
            .enumerate()
            .map(|(i, s)| self.text(&join(&base, i), s))
            .collect()
    }

    pub fn value_span(&self, path: &str) -> Span {
        self.loc.value(path)
    }

    /// A web address field: reported and dropped unless it is http(s) —
    /// anything else (`javascript:`, a bare `imc.ru`) would be a broken or
    /// harmful link on every page that shows it.
    pub fn web_address(
        &mut self,
        parent: &str,
        field: &str,
        scalar: &Option<Scalar>,
    ) -> Option<String> {
        let url = self.opt_text(parent, field, scalar)?;
        if crate::url::is_web_address(&url) {
            return Some(url);
        }
        let at = self.value_span(&join(parent, field));
        let odd = url.chars().find(|c| "\"<>\\^`{|}".contains(*c));
        let message = if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
            format!(
                "в адресе «{}» есть пробел, перевод строки или другой невидимый знак",
                url.escape_debug()
            )
        } else if let Some(c) = odd {
            format!("в адресе «{url}» есть знак «{c}», которого в адресах не бывает")
        } else {
            format!("адрес «{url}» не является адресом сайта")
        };
        self.push(
            Diagnostic::error(at, message)
                .with_help("адрес пишут полностью и без пробелов, начиная с https:// или http://, например `https://imc.example.ru/`"),
        );
        None
    }

    /// The span of `value[start..end]` where `value` was written at `at`.
    pub fn locate(&self, at: Span, value: &str, start: usize, end: usize) -> Span {
        crate::diagnostics::locate(self.src, at, value, start, end)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}
