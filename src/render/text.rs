//! Text into HTML: Markdown rendering with raw HTML neutralised, Russian
//! typography on text nodes, and abbreviations marked up with `<abbr>`.
//!
//! Typography and abbreviations touch only text nodes: never link targets,
//! code or attributes. The first occurrence of each abbreviation on a page
//! links to its glossary entry; later ones carry only the `title`, so a page
//! with «ШНОР» two hundred times does not get two hundred tab stops.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::GlossaryEntry;
use crate::typography::typograph;

/// One glossary term as matched in text.
#[derive(Debug, Clone)]
struct Term {
    /// The spelling to find, as chars, with spaces standing for any space.
    chars: Vec<char>,
    /// Title attribute: the full form as plain text.
    title: String,
    /// Anchor of the entry on the glossary page.
    anchor: String,
}

/// The abbreviations of one district, longest first.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    terms: Vec<Term>,
    /// Indexes into `terms` by first character, longest first: a word
    /// start is compared with the few terms that can match there.
    by_first: HashMap<char, Vec<usize>>,
}

impl Abbreviations {
    pub fn new(glossary: &[GlossaryEntry]) -> Abbreviations {
        let mut terms: Vec<Term> = glossary
            .iter()
            .flat_map(|e| {
                let title = crate::export::plain::markdown_to_plain(&e.full.source);
                let anchor = glossary_anchor(&e.term);
                e.names().map(move |n| Term {
                    chars: n.chars().collect(),
                    title: title.clone(),
                    anchor: anchor.clone(),
                })
            })
            .filter(|t| !t.chars.is_empty())
            .collect();
        terms.sort_by(|a, b| {
            b.chars
                .len()
                .cmp(&a.chars.len())
                .then_with(|| a.chars.cmp(&b.chars))
        });
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (k, t) in terms.iter().enumerate() {
            by_first.entry(t.chars[0]).or_default().push(k);
        }
        Abbreviations { terms, by_first }
    }
}

/// Anchor of a glossary term on glossary pages: `g-` and its slug.
pub fn glossary_anchor(term: &str) -> String {
    let slug = crate::slug::slugify(term);
    if slug.is_empty() {
        format!(
            "g-{}",
            term.chars()
                .map(|c| format!("{:x}", c as u32))
                .collect::<String>()
        )
    } else {
        format!("g-{slug}")
    }
}

/// Renders text for one page: knows the district's abbreviations, where the
/// glossary page is from here, and which terms this page has linked already.
pub struct TextRenderer<'a> {
    abbreviations: &'a Abbreviations,
    glossary_href: String,
    allow_html: bool,
    linked: RefCell<HashSet<String>>,
    /// Footnote ids must be unique on a page that renders several texts.
    prefix: RefCell<usize>,
}

impl<'a> TextRenderer<'a> {
    pub fn new(
        abbreviations: &'a Abbreviations,
        glossary_href: String,
        allow_html: bool,
    ) -> TextRenderer<'a> {
        TextRenderer {
            abbreviations,
            glossary_href,
            allow_html,
            linked: RefCell::new(HashSet::new()),
            prefix: RefCell::new(0),
        }
    }

    /// A one-line text (a name, a period, a cell written as plain text).
    pub fn plain(&self, text: &str) -> String {
        self.decorate(text, true)
    }

    /// Plain text shown inside a link: `<abbr>` without links of its own.
    pub fn plain_unlinked(&self, text: &str) -> String {
        self.decorate(text, false)
    }

    /// Markdown shown inside a link (a title in a list): plain text with
    /// typography and `<abbr>`, but no links of its own — links must not nest.
    pub fn unlinked(&self, markdown: &str) -> String {
        self.decorate(&crate::export::plain::markdown_to_plain(markdown), false)
    }

    /// Markdown as blocks (paragraphs, lists, headings).
    pub fn block(&self, markdown: &str) -> String {
        self.markdown(markdown)
    }

    /// Markdown for a table cell or a line: one paragraph loses its `<p>`.
    pub fn inline(&self, markdown: &str) -> String {
        let html = self.markdown(markdown);
        let trimmed = html.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => trimmed.to_string(),
        }
    }

    fn markdown(&self, markdown: &str) -> String {
        if let Some(text) = plain_paragraph(markdown) {
            // What the parser would give: one paragraph of one text.
            *self.prefix.borrow_mut() += 1;
            return format!("<p>{}</p>\n", self.decorate(text, true));
        }
        self.parsed_markdown(markdown)
    }

    fn parsed_markdown(&self, markdown: &str) -> String {
        let options =
            Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
        let prefix = {
            let mut p = self.prefix.borrow_mut();
            *p += 1;
            *p
        };
        let mut in_link = 0usize;
        let mut in_code = 0usize;
        // Per open link: was it published (a safe target)?
        let mut links: Vec<bool> = Vec::new();
        // Per open image: kept as an image (a file of the site), turned into
        // a link (another site's image: never loaded), or dropped (unsafe).
        let mut images: Vec<ImageAs> = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Start(Tag::Link { ref dest_url, .. }) => {
                    in_link += 1;
                    let safe = crate::url::is_safe_link(dest_url);
                    links.push(safe);
                    if safe {
                        events.push(event);
                    }
                }
                Event::End(TagEnd::Link) => {
                    in_link = in_link.saturating_sub(1);
                    if links.pop().unwrap_or(false) {
                        events.push(event);
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let kind = if crate::url::is_local(&dest_url) {
                        events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        ImageAs::Image
                    } else if crate::url::is_safe_link(&dest_url) {
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        ImageAs::Link
                    } else {
                        ImageAs::Dropped
                    };
                    images.push(kind);
                }
                Event::End(TagEnd::Image) => match images.pop() {
                    Some(ImageAs::Image) => events.push(Event::End(TagEnd::Image)),
                    Some(ImageAs::Link) => events.push(Event::End(TagEnd::Link)),
                    _ => {}
                },
                // Alt text of a kept image: the HTML writer escapes it.
                Event::Text(_) if matches!(images.last(), Some(ImageAs::Image)) => {
                    events.push(event)
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code += 1;
                    events.push(event);
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = in_code.saturating_sub(1);
                    events.push(event);
                }
                Event::Text(text) if in_code == 0 => {
                    let html = if in_link > 0 || !images.is_empty() {
                        escape(&typograph_unless_url(&text))
                    } else {
                        self.decorate(&text, true)
                    };
                    events.push(Event::InlineHtml(CowStr::from(html)));
                }
                Event::Html(raw) | Event::InlineHtml(raw) if !self.allow_html => {
                    events.push(Event::Text(raw));
                }
                // Headings in a document start below the page's own <h1>.
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    id,
                    classes,
                    attrs,
                }) => {
                    events.push(Event::Start(Tag::Heading {
                        level: HeadingLevel::H2,
                        id,
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                    events.push(Event::End(TagEnd::Heading(HeadingLevel::H2)))
                }
                Event::FootnoteReference(label) => {
                    let id = footnote_id(prefix, &label);
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<sup class=\"fn-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}\" aria-label=\"Сноска {label}\">{label}</a></sup>",
                        label = escape(&label)
                    ))));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let id = footnote_id(prefix, &label);
                    events.push(Event::Html(CowStr::from(format!(
                        "<div class=\"footnote\" id=\"fn-{id}\"><span class=\"fn-label\"><a href=\"#fnref-{id}\" aria-label=\"К тексту сноски {label}\">{label}</a></span>",
                        label = escape(&label)
                    ))));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    events.push(Event::Html(CowStr::from("</div>")))
                }
                other => events.push(other),
            }
        }
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    /// Plain text → escaped HTML with typography and `<abbr>` markup; the
    /// first occurrence of a term on the page links to the glossary when
    /// `link` is set.
    fn decorate(&self, text: &str, link: bool) -> String {
        let text = typograph(text);
        // Characters for matching; their byte offsets (and the end) for
        // copying runs of the text without building strings.
        let (offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
        let at = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
        let mut out = String::with_capacity(text.len() + 16);
        let mut plain_start = 0;
        let mut i = 0;
        while i < chars.len() {
            // Most characters are inside words: test that before the map.
            let candidates = if starts_word(&chars, i) {
                self.abbreviations.by_first.get(&chars[i])
            } else {
                None
            };
            let found = match candidates {
                Some(list) if !inside_address(&chars, i) => list
                    .iter()
                    .map(|&k| &self.abbreviations.terms[k])
                    .find(|t| matches_term(&chars, i, &t.chars)),
                _ => None,
            };
            let Some(term) = found else {
                i += 1;
                continue;
            };
            push_escaped(&mut out, &text[at(plain_start)..at(i)]);
            let end = i + term.chars.len();
            let first = link && !self.linked.borrow().contains(&term.anchor);
            if first {
                self.linked.borrow_mut().insert(term.anchor.clone());
                out.push_str("<a class=\"abbr\" href=\"");
                push_escaped(&mut out, &self.glossary_href);
                out.push('#');
                out.push_str(&term.anchor);
                out.push_str("\">");
            }
            out.push_str("<abbr title=\"");
            push_escaped(&mut out, &term.title);
            out.push_str("\">");
            push_escaped(&mut out, &text[at(i)..at(end)]);
            out.push_str("</abbr>");
            if first {
                out.push_str("</a>");
            }
            i = end;
            plain_start = i;
        }
        push_escaped(&mut out, &text[at(plain_start)..]);
        out
    }
}

/// A one-line text with nothing Markdown would act on, trimmed: most cells
/// of a plan. Rendering it skips the parser (a tenth of a build).
fn plain_paragraph(markdown: &str) -> Option<&str> {
    let text = markdown.trim();
    let first = text.chars().next()?;
    let special = |c: char| {
        matches!(
            c,
            '*' | '_'
                | '~'
                | '`'
                | '['
                | ']'
                | '!'
                | '<'
                | '>'
                | '\\'
                | '&'
                | '|'
                | '^'
                | '#'
                | '\n'
                | '\r'
                | '\t'
        )
    };
    (first.is_alphabetic() || first == '«' || first == '(')
        .then_some(text)
        .filter(|t| !t.contains(special) && !t.contains("  "))
}

/// How an image of the source is published.
enum ImageAs {
    Image,
    Link,
    Dropped,
}

fn footnote_id(prefix: usize, label: &str) -> String {
    let slug = crate::slug::slugify(label);
    if slug.is_empty() {
        // «[^*]» and «[^**]» must not share an id.
        let code: String = label.chars().map(|c| format!("{:x}", c as u32)).collect();
        format!("{prefix}-x{code}")
    } else {
        format!("{prefix}-{slug}")
    }
}

/// Link text that is itself an address stays untouched.
fn typograph_unless_url(text: &str) -> String {
    if text.contains("://") || text.starts_with("www.") {
        text.to_string()
    } else {
        typograph(text)
    }
}

/// Whether char `i` belongs to a bare web address in the text («https://…»,
/// «www.…»): abbreviations are never marked inside addresses.
fn inside_address(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| i + p);
    let word: String = chars[start..end].iter().collect();
    word.contains("://") || word.starts_with("www.")
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

fn starts_word(chars: &[char], i: usize) -> bool {
    i == 0 || !crate::typography::is_alnum(chars[i - 1])
}

/// A whole-word match of `term` at `i`; a space in the term matches a plain
/// or non-breaking space (typography may have replaced it).
fn matches_term(chars: &[char], i: usize, term: &[char]) -> bool {
    let end = i + term.len();
    if end > chars.len() {
        return false;
    }
    let same = chars[i..end]
        .iter()
        .zip(term)
        .all(|(&c, &t)| c == t || (is_space(c) && is_space(t)));
    same && chars
        .get(end)
        .is_none_or(|&c| !crate::typography::is_alnum(c))
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out` with HTML's special characters escaped.
fn push_escaped(out: &mut String, text: &str) {
    // The five characters are ASCII, so they never sit inside a multi-byte
    // character: scanning bytes and copying runs between them is safe.
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{FileId, Span};
    use crate::model::Markdown;

    fn entry(term: &str, full: &str) -> GlossaryEntry {
        let span = Span::new(FileId::default(), 0, 0);
        GlossaryEntry {
            term: term.into(),
            full: Markdown {
                source: full.into(),
                span,
            },
            aliases: Vec::new(),
            mark: None,
            separator: None,
            span,
        }
    }

    fn abbrs() -> Abbreviations {
        Abbreviations::new(&[
            entry("ОО", "общеобразовательные организации"),
            entry("ОО РПП", "районные проектные площадки"),
            entry("ИМЦ", "Информационно-методический центр"),
        ])
    }

    #[test]
    fn longest_term_first_whole_words_first_occurrence_linked() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "../glossary.html".into(), false);
        let html = r.plain("ОО РПП и ОО, ИМЦ; ООО не трогать, ИМЦ");
        assert!(html.starts_with("<a class=\"abbr\" href=\"../glossary.html#g-oo-rpp\"><abbr title=\"районные проектные площадки\">ОО\u{a0}РПП</abbr></a>"), "{html}");
        assert!(html.contains("<a class=\"abbr\" href=\"../glossary.html#g-oo\"><abbr title=\"общеобразовательные организации\">ОО</abbr></a>"), "{html}");
        assert!(html.contains("ООО"), "{html}");
        assert_eq!(html.matches("#g-imts").count(), 1, "{html}");
        assert_eq!(
            html.matches("<abbr title=\"Информационно-методический центр\">ИМЦ</abbr>")
                .count(),
            2,
            "{html}"
        );
    }

    #[test]
    fn never_inside_links_code_or_attributes() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "g.html".into(), false);
        let html = r.block("[ИМЦ района](https://imc.ru/ОО) и `ОО` и ИМЦ");
        assert!(
            html.contains("<a href=\"https://imc.ru/%D0%9E%D0%9E\">ИМЦ района</a>")
                || html.contains("<a href=\"https://imc.ru/ОО\">ИМЦ района</a>"),
            "{html}"
        );
        assert!(html.contains("<code>ОО</code>"), "{html}");
        assert_eq!(html.matches("<abbr").count(), 1, "{html}");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let a = Abbreviations::default();
        let r = TextRenderer::new(&a, String::new(), false);
        let html = r.block("Текст <script>alert(1)</script> и <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let r = TextRenderer::new(&a, String::new(), true);
        assert!(r.block("a <b>b</b>").contains("<b>b</b>"));
    }

    #[test]
    fn the_plain_text_shortcut_renders_as_the_parser_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::load::load(root).site;
        let mut checked = 0;
        for d in &site.districts {
            let abbr = Abbreviations::new(&d.glossary);
            for p in &d.plans {
                for t in p.tables() {
                    for item in t.all_items() {
                        let texts = item.text.iter().chain(item.cells.values());
                        for m in texts.filter(|m| plain_paragraph(&m.source).is_some()) {
                            let fast = TextRenderer::new(&abbr, "g.html".into(), false);
                            let slow = TextRenderer::new(&abbr, "g.html".into(), false);
                            assert_eq!(fast.markdown(&m.source), slow.parsed_markdown(&m.source));
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
        for odd in [
            "1. список",
            "- пункт",
            "# Заголовок",
            "> цитата",
            "a *b*",
            "a  \nb",
        ] {
            assert!(plain_paragraph(odd).is_none(), "{odd}");
        }
    }

    #[test]
    fn inline_drops_a_single_paragraph_and_footnotes_get_page_unique_ids() {
        let a = Abbreviations::default();
        let r = TextRenderer::new(&a, String::new(), false);
        assert_eq!(r.inline("Март 2023"), "Март 2023");
        let first = r.block("Текст[^1]\n\n[^1]: Сноска");
        let second = r.block("Ещё[^1]\n\n[^1]: Другая");
        assert!(first.contains("id=\"fn-2-1\""), "{first}");
        assert!(second.contains("id=\"fn-3-1\""), "{second}");
    }

    #[test]
    fn unsafe_links_and_foreign_images_are_neutralised() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "g.html".into(), false);
        let html = r.block("[нажми](javascript:alert(1)) [сайт](https://imc.ru) ![счётчик](https://counter.example/p.gif) ![скан](files/scan.png \"ИМЦ\") <JaVaScRiPt:alert(1)>");
        assert!(
            !html.to_lowercase().contains("javascript:alert(1)\""),
            "{html}"
        );
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(html.contains("нажми"), "the text stays: {html}");
        assert!(
            html.contains("<a href=\"https://imc.ru\">сайт</a>"),
            "{html}"
        );
        assert!(!html.contains("<img src=\"https://counter"), "{html}");
        assert!(
            html.contains("<a href=\"https://counter.example/p.gif\">счётчик</a>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"files/scan.png\" alt=\"скан\""),
            "{html}"
        );
    }

    #[test]
    fn no_abbreviations_inside_bare_addresses() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "g.html".into(), false);
        let html = r.plain("см. https://imc.ru/ИМЦ/plan и ИМЦ");
        assert_eq!(html.matches("<abbr").count(), 1, "{html}");
        assert!(html.contains("https://imc.ru/ИМЦ/plan"), "{html}");
    }

    #[test]
    fn footnote_labels_without_letters_get_distinct_ids() {
        assert_ne!(footnote_id(1, "*"), footnote_id(1, "**"));
    }

    #[test]
    fn h1_in_a_document_becomes_h2() {
        let a = Abbreviations::default();
        let r = TextRenderer::new(&a, String::new(), false);
        assert!(r.block("# Глава").starts_with("<h2>"));
    }
}
