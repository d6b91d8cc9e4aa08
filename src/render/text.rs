//! Text into HTML: Markdown rendering with raw HTML neutralised, Russian
//! typography on text nodes, and abbreviations marked up with `<abbr>`.
//!
//! Typography and abbreviations touch only text nodes: never link targets,
//! code or attributes. The first occurrence of each abbreviation on a page
//! links to its glossary entry; later ones carry only the `title`, so a page
//! with «ШНОР» two hundred times does not get two hundred tab stops.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::rc::Rc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::markdown::plain_paragraph;
use crate::model::GlossaryEntry;
use crate::typography::{typograph, Memo};

/// One glossary term as matched in text.
#[derive(Debug, Clone)]
struct Term {
    /// The spelling to find, as chars, with spaces standing for any space.
    chars: Vec<char>,
    /// Title attribute: the full form as plain text.
    title: String,
    /// Index of the entry's anchor in `Abbreviations::anchors`.
    anchor: usize,
}

/// The abbreviations of one district, longest first, and the texts already
/// rendered with them.
#[derive(Debug, Default)]
pub struct Abbreviations {
    terms: Vec<Term>,
    /// Indexes into `terms` by first character, longest first: a word
    /// start is compared with the few terms that can match there.
    by_first: HashMap<char, Vec<usize>>,
    /// Anchors of the glossary entries on glossary pages.
    anchors: Vec<String>,
    /// The same text is shown on a plan page, the pages of its bodies, the
    /// district page…: typography, term matching and Markdown run once per
    /// text, and each page only decides which terms it links.
    /// By form and `allow_html` (a site setting, so one of the two is
    /// used), then by source text.
    shaped: RefCell<HashMap<(Form, bool), HashMap<String, Shaped>>>,
    /// Shared with the district's `fragment::Fragments`.
    typeset: Rc<Memo>,
}

impl Abbreviations {
    pub fn new(glossary: &[GlossaryEntry]) -> Abbreviations {
        let anchors: Vec<String> = glossary.iter().map(|e| glossary_anchor(&e.term)).collect();
        // Entries that share an anchor («ОО» and «оо») are linked once a page.
        let first_with = |k: usize| anchors.iter().position(|a| *a == anchors[k]).unwrap_or(k);
        let mut terms: Vec<Term> = glossary
            .iter()
            .enumerate()
            .flat_map(|(k, e)| {
                let anchor = first_with(k);
                // A NUL would pass for a `MARK`.
                let title = e.full.to_plain().replace(MARK, "\u{fffd}");
                e.names().map(move |n| Term {
                    chars: n.chars().collect(),
                    title: title.clone(),
                    anchor,
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
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::default();
        for (k, t) in terms.iter().enumerate() {
            by_first.entry(t.chars[0]).or_default().push(k);
        }
        Abbreviations {
            terms,
            by_first,
            anchors,
            shaped: RefCell::default(),
            typeset: Rc::default(),
        }
    }

    /// The district's typeset texts, for its `fragment::Fragments`.
    pub fn typeset(&self) -> Rc<Memo> {
        Rc::clone(&self.typeset)
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

/// How a source text is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    /// One line of plain text.
    Plain,
    /// Markdown blocks.
    Block,
    /// Markdown in a cell: one paragraph loses its `<p>`.
    Inline,
    /// A plan's prose: blocks whose chapter headings get ids for the
    /// plan's contents. Never cached: the ids are unique per page.
    Prose,
}

/// A chapter heading of a plan's prose, as the plan's contents link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub id: String,
    /// The heading's words, as plain text.
    pub title: String,
}

/// Anchor of a chapter heading on its page: `razdel-` and its slug, so it
/// never meets an item's `p-…`, a footnote's `fn-…` or a template's own
/// ids; `-2`, `-3`… when a page has the heading twice.
fn chapter_anchor(title: &str, given: &[Chapter]) -> String {
    let slug = crate::slug::slugify(title);
    let base = if slug.is_empty() {
        format!("razdel-{}", given.len() + 1)
    } else {
        format!("razdel-{slug}")
    };
    let taken = |id: &str| given.iter().any(|c| c.id == id);
    let mut id = base.clone();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// A text rendered up to what depends on the page: escaped HTML in which
/// every abbreviation is already an `<abbr title>`, and where each one is,
/// so a page can wrap the first occurrence of each term in a glossary link.
#[derive(Debug)]
struct Shaped {
    html: String,
    marks: Vec<Mark>,
}

/// One `<abbr>` element in `Shaped::html`: bytes `start..end`.
#[derive(Debug)]
struct Mark {
    start: usize,
    end: usize,
    anchor: usize,
}

/// Around each `<abbr>` while a text is shaped. `render` replaces it in the
/// source first and `Abbreviations::new` in the titles (NUL has no place in
/// HTML), so every one in the output is ours.
const MARK: char = '\0';

impl Shaped {
    /// Takes the marks out of `marked`: the text between the 2k-th and
    /// (2k+1)-th `MARK` is the element of term `anchors[k]`.
    fn from_marked(marked: &str, anchors: &[usize]) -> Shaped {
        let mut html = String::with_capacity(marked.len());
        let mut marks = Vec::with_capacity(anchors.len());
        for (k, piece) in marked.split(MARK).enumerate() {
            if k % 2 == 1 {
                if let Some(&anchor) = anchors.get(k / 2) {
                    marks.push(Mark {
                        start: html.len(),
                        end: html.len() + piece.len(),
                        anchor,
                    });
                }
            }
            html.push_str(piece);
        }
        Shaped { html, marks }
    }
}

/// Renders text for one page: knows the district's abbreviations, where the
/// glossary page is from here, and which terms this page has linked already.
pub struct TextRenderer<'a> {
    abbreviations: &'a Abbreviations,
    glossary_href: String,
    allow_html: bool,
    /// Anchors this page has linked.
    linked: RefCell<HashSet<usize>>,
    /// Footnote ids must be unique on a page that renders several texts.
    prefix: RefCell<usize>,
    /// The chapter headings given ids on this page, in order.
    chapters: RefCell<Vec<Chapter>>,
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
            linked: RefCell::default(),
            prefix: RefCell::new(0),
            chapters: RefCell::default(),
        }
    }

    /// A one-line text (a name, a period, a cell written as plain text).
    pub fn plain(&self, text: &str) -> Html {
        Html(self.render(Form::Plain, text, true))
    }

    /// Plain text shown inside a link (an item or a plan in a list):
    /// `<abbr>` without links of its own — links must not nest.
    pub fn plain_unlinked(&self, text: &str) -> Html {
        Html(self.render(Form::Plain, text, false))
    }

    /// Markdown as blocks (paragraphs, lists, headings).
    pub fn block(&self, markdown: &str) -> Html {
        Html(self.render(Form::Block, markdown, true))
    }

    /// A plan's prose (Markdown blocks) and its chapters: the headings of
    /// levels 1 and 2, which become the page's `<h2>`s, get ids unique on
    /// the page, so the plan's contents can link to them.
    pub fn prose(&self, markdown: &str) -> (Html, Vec<Chapter>) {
        let before = self.chapters.borrow().len();
        let html = Html(self.render(Form::Prose, markdown, true));
        (html, self.chapters.borrow()[before..].to_vec())
    }

    /// Markdown for a table cell or a line: one paragraph loses its `<p>`.
    pub fn inline(&self, markdown: &str) -> Html {
        Html(self.render(Form::Inline, markdown, true))
    }

    /// Shapes `source` once per district (unless its footnotes need this
    /// page's numbering) and links the terms this page has not linked yet.
    fn render(&self, form: Form, source: &str, link: bool) -> String {
        let prefix = if matches!(form, Form::Block | Form::Inline | Form::Prose) {
            let mut p = self.prefix.borrow_mut();
            *p += 1;
            *p
        } else {
            0
        };
        let per_page = form == Form::Prose || source.contains("[^");
        if !per_page {
            let cache = self.abbreviations.shaped.borrow();
            if let Some(shaped) = cache
                .get(&(form, self.allow_html))
                .and_then(|texts| texts.get(source))
            {
                return self.link_terms(shaped, link);
            }
        }
        let clean = source.replace(MARK, "\u{fffd}");
        let mut anchors = Vec::new();
        let marked = match form {
            Form::Plain => self.decorate(&clean, &mut anchors),
            Form::Block => self.markdown(&clean, prefix, &mut anchors),
            Form::Prose => self.parsed_markdown(&clean, prefix, &mut anchors, true),
            Form::Inline => {
                let html = self.markdown(&clean, prefix, &mut anchors);
                let trimmed = html.trim();
                match trimmed
                    .strip_prefix("<p>")
                    .and_then(|s| s.strip_suffix("</p>"))
                {
                    Some(inner) if !inner.contains("<p>") => inner.to_string(),
                    _ => trimmed.to_string(),
                }
            }
        };
        let shaped = Shaped::from_marked(&marked, &anchors);
        let html = self.link_terms(&shaped, link);
        if !per_page {
            self.abbreviations
                .shaped
                .borrow_mut()
                .entry((form, self.allow_html))
                .or_default()
                .insert(source.to_string(), shaped);
        }
        html
    }

    /// The page's copy of a shaped text: with `link`, the first occurrence
    /// of each term on the page becomes a link to its glossary entry.
    fn link_terms(&self, shaped: &Shaped, link: bool) -> String {
        if !link || shaped.marks.is_empty() {
            return shaped.html.clone();
        }
        let mut out = String::with_capacity(shaped.html.len() + 64);
        let mut copied = 0;
        let mut linked = self.linked.borrow_mut();
        for m in &shaped.marks {
            if !linked.insert(m.anchor) {
                continue;
            }
            let anchor = self
                .abbreviations
                .anchors
                .get(m.anchor)
                .map_or("", String::as_str);
            out.push_str(&shaped.html[copied..m.start]);
            out.push_str("<a class=\"abbr\" href=\"");
            push_escaped(&mut out, &self.glossary_href);
            out.push('#');
            out.push_str(anchor);
            out.push_str("\">");
            out.push_str(&shaped.html[m.start..m.end]);
            out.push_str("</a>");
            copied = m.end;
        }
        out.push_str(&shaped.html[copied..]);
        out
    }

    fn markdown(&self, markdown: &str, prefix: usize, anchors: &mut Vec<usize>) -> String {
        if let Some(text) = plain_paragraph(markdown) {
            // What the parser would give: one paragraph of one text.
            return format!("<p>{}</p>\n", self.decorate(text, anchors));
        }
        self.parsed_markdown(markdown, prefix, anchors, false)
    }

    /// With `chapters`, headings of levels 1 and 2 get ids (see `prose`).
    fn parsed_markdown(
        &self,
        markdown: &str,
        prefix: usize,
        anchors: &mut Vec<usize>,
        chapters: bool,
    ) -> String {
        let mut in_link = 0usize;
        let mut in_code = 0usize;
        // Per open link: was it published (a safe target)?
        let mut links: Vec<bool> = Vec::new();
        // Per open image: kept as an image (a file of the site), turned into
        // a link (another site's image: never loaded), or dropped (unsafe).
        let mut images: Vec<ImageAs> = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        // The open chapter heading: where its start is, and its words so far.
        let mut heading: Option<(usize, String)> = None;
        for event in crate::markdown::parser(markdown) {
            match (&mut heading, &event) {
                (Some((_, words)), Event::Text(t) | Event::Code(t)) => words.push_str(t),
                (Some((_, words)), Event::SoftBreak | Event::HardBreak) => words.push(' '),
                _ => {}
            }
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1 | HeadingLevel::H2,
                    ..
                }) if chapters => {
                    heading = Some((events.len(), String::new()));
                    events.push(self.rewritten(event, prefix));
                }
                Event::End(TagEnd::Heading(level @ (HeadingLevel::H1 | HeadingLevel::H2)))
                    if heading.is_some() =>
                {
                    if let Some((at, words)) = heading.take() {
                        events[at] = self.chapter_start(&words);
                    }
                    events.push(self.rewritten(Event::End(TagEnd::Heading(level)), prefix));
                }
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
                        self.decorate(&text, anchors)
                    };
                    events.push(Event::InlineHtml(CowStr::from(html)));
                }
                other => events.push(self.rewritten(other, prefix)),
            }
        }
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    /// The start of a chapter heading with the words `words`: an `<h2>`
    /// with an id, which the page's chapters remember.
    fn chapter_start(&self, words: &str) -> Event<'static> {
        let mut chapters = self.chapters.borrow_mut();
        let title = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = chapter_anchor(&title, &chapters);
        chapters.push(Chapter {
            id: id.clone(),
            title,
        });
        Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id: Some(CowStr::from(id)),
            classes: Vec::new(),
            attrs: Vec::new(),
        })
    }

    /// An event as the page prints it, where that needs no state: raw HTML
    /// as text (unless allowed), headings one level below the page's own
    /// `<h1>`, footnotes with ids unique on the page (`prefix`).
    fn rewritten<'e>(&self, event: Event<'e>, prefix: usize) -> Event<'e> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) if !self.allow_html => Event::Text(raw),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                Event::End(TagEnd::Heading(HeadingLevel::H2))
            }
            Event::FootnoteReference(label) => {
                let id = footnote_id(prefix, &label);
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"fn-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}\" aria-label=\"Сноска {label}\">{label}</a></sup>",
                    label = escape(&label)
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = footnote_id(prefix, &label);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"fn-{id}\"><span class=\"fn-label\"><a href=\"#fnref-{id}\" aria-label=\"К тексту сноски {label}\">{label}</a></span>",
                    label = escape(&label)
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>")),
            other => other,
        }
    }

    /// Plain text → escaped HTML with typography and `<abbr>` markup, each
    /// element between two `MARK`s; its term's anchor goes to `anchors`.
    fn decorate(&self, text: &str, anchors: &mut Vec<usize>) -> String {
        let text = self.abbreviations.typeset.typograph(text);
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 16);
        // `i` counts characters (for matching), `at` is its byte offset and
        // `plain_start` the byte where the run not yet copied begins.
        let mut plain_start = 0;
        let mut at = 0;
        let mut i = 0;
        let mut addresses = Addresses::default();
        while let Some(&c) = chars.get(i) {
            // Most characters are inside words: test that before the map.
            let candidates = if starts_word(&chars, i) {
                self.abbreviations.by_first.get(&c)
            } else {
                None
            };
            let found = match candidates {
                Some(list) if !addresses.inside(&chars, i) => list
                    .iter()
                    .map(|&k| &self.abbreviations.terms[k])
                    .find(|t| matches_term(&chars, i, &t.chars)),
                _ => None,
            };
            let Some(term) = found else {
                at += c.len_utf8();
                i += 1;
                continue;
            };
            push_escaped(&mut out, &text[plain_start..at]);
            // The text's own characters: a space of the term may stand
            // as a non-breaking one (two bytes) in the text.
            let n = term.chars.len();
            let len: usize = chars[i..i + n].iter().map(|c| c.len_utf8()).sum();
            anchors.push(term.anchor);
            out.push(MARK);
            out.push_str("<abbr title=\"");
            push_escaped(&mut out, &term.title);
            out.push_str("\">");
            push_escaped(&mut out, &text[at..at + len]);
            out.push_str("</abbr>");
            out.push(MARK);
            i += n;
            at += len;
            plain_start = at;
        }
        push_escaped(&mut out, &text[plain_start..]);
        out
    }
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

/// Whether a char belongs to a bare web address in the text («https://…»,
/// «www.…»): abbreviations are never marked inside addresses. Remembers
/// the last run between spaces it looked at, so a long text without
/// spaces is read once, not once per word in it.
#[derive(Default)]
struct Addresses {
    /// The run (char range) last looked at, and whether it is an address.
    run: std::ops::Range<usize>,
    is_address: bool,
}

impl Addresses {
    fn inside(&mut self, chars: &[char], i: usize) -> bool {
        if !self.run.contains(&i) {
            let start = chars[..i]
                .iter()
                .rposition(|c| c.is_whitespace())
                .map_or(0, |p| p + 1);
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace())
                .map_or(chars.len(), |p| i + p);
            let word: String = chars[start..end].iter().collect();
            self.is_address = word.contains("://") || word.starts_with("www.");
            self.run = start..end;
        }
        self.is_address
    }
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

/// Text made HTML: escaped, with the markup Vekha gave it. A view field of
/// this type carries markup, which its template prints with `| safe`; a
/// `String` field is text, which the template escapes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Html(String);

impl Html {
    /// `text` escaped.
    pub fn escaped(text: &str) -> Html {
        Html(escape(text))
    }

    /// Markup Vekha made itself, its texts already escaped.
    pub fn trusted(html: String) -> Html {
        Html(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read as text (to test it, or to find a piece in it); changing it takes
/// [`Html::trusted`].
impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out` with HTML's special characters escaped.
pub fn push_escaped(out: &mut String, text: &str) {
    crate::typography::push_replacing_ascii(out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
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
            full: Markdown::new(full.into(), span),
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
                            let (mut a, mut b) = (Vec::new(), Vec::new());
                            assert_eq!(
                                fast.markdown(&m.source, 1, &mut a),
                                slow.parsed_markdown(&m.source, 1, &mut b, false)
                            );
                            assert_eq!(a, b);
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
        assert_eq!(&*r.inline("Март 2023"), "Март 2023");
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
    fn a_text_shaped_once_is_linked_anew_on_every_page() {
        let a = abbrs();
        let page1 = TextRenderer::new(&a, "../glossary.html".into(), false);
        let first = page1.inline("Совещание ИМЦ и ОО");
        let again = page1.inline("Совещание ИМЦ и ОО");
        assert_eq!(first.matches("<a class=\"abbr\"").count(), 2, "{first}");
        assert!(!again.contains("<a class"), "{again}");
        assert_eq!(again.matches("<abbr title=").count(), 2, "{again}");
        // Another page, deeper: the same text links again, with its own href.
        let page2 = TextRenderer::new(&a, "../../glossary.html".into(), false);
        let other = page2.inline("Совещание ИМЦ и ОО");
        assert!(
            other.contains("<a class=\"abbr\" href=\"../../glossary.html#g-imts\">"),
            "{other}"
        );
        assert_eq!(other.replace("../../", "../"), &*first);
        // Without links (inside a link), nothing is linked or remembered.
        let page3 = TextRenderer::new(&a, "g.html".into(), false);
        assert!(!page3.plain_unlinked("ИМЦ").contains("<a class"));
        assert!(page3.plain("ИМЦ").contains("<a class"));
    }

    #[test]
    fn a_nul_in_a_glossary_title_and_shared_anchors() {
        let a = Abbreviations::new(&[
            entry("ИМЦ", "центр\0 района"),
            entry("ОО", "организации"),
            entry("оо", "организации (строчными)"),
        ]);
        let r = TextRenderer::new(&a, "g.html".into(), false);
        let html = r.plain("ИМЦ и ИМЦ, ОО и оо");
        assert!(!html.contains('\0'), "{html}");
        assert!(
            html.starts_with("<a class=\"abbr\" href=\"g.html#g-imts\"><abbr title=\"центр\u{fffd} района\">ИМЦ</abbr></a> "),
            "{html}"
        );
        // «ОО» and «оо» share the anchor g-oo: one link on the page.
        assert_eq!(html.matches("#g-oo\"").count(), 1, "{html}");
    }

    #[test]
    fn footnotes_are_numbered_per_page_even_for_a_text_seen_before() {
        let a = Abbreviations::default();
        let text = "Текст[^1]\n\n[^1]: Сноска";
        let page1 = TextRenderer::new(&a, String::new(), false);
        page1.block("Вступление");
        assert!(page1.block(text).contains("id=\"fn-2-1\""));
        let page2 = TextRenderer::new(&a, String::new(), false);
        assert!(page2.block(text).contains("id=\"fn-1-1\""));
    }

    #[test]
    fn a_nul_in_the_source_cannot_pass_for_a_mark() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "g.html".into(), false);
        for html in [r.plain("ИМЦ\0ОО ИМЦ"), r.block("*ИМЦ*\0 ОО\0")] {
            assert!(!html.contains('\0'), "{html}");
            assert!(html.contains('\u{fffd}'), "{html}");
            assert!(
                html.contains("<abbr title=\"общеобразовательные организации\">ОО</abbr>"),
                "{html}"
            );
        }
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

    #[test]
    fn chapters_of_prose_get_page_unique_ids_and_plain_titles() {
        let a = abbrs();
        let r = TextRenderer::new(&a, "g.html".into(), false);
        let (html, chapters) = r.prose("# Цели ОО\n\nТекст.\n\n## Задачи `ВПР`\n\n### Мелкий\n");
        let ids: Vec<_> = chapters.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["razdel-tseli-oo", "razdel-zadachi-vpr"]);
        assert_eq!(chapters[1].title, "Задачи ВПР");
        assert!(html.contains("<h2 id=\"razdel-tseli-oo\">"), "{html}");
        assert!(html.contains("<abbr"), "terms are still marked: {html}");
        assert!(html.contains("<h3>Мелкий</h3>"), "{html}");
        // The same heading in a later text of the page, and one of no
        // letters, get ids of their own.
        let (again, more) = r.prose("# Цели ОО\n\n# ***\n");
        assert_eq!(more[0].id, "razdel-tseli-oo-2");
        assert_eq!(more[1].id, "razdel-4");
        assert!(again.contains("id=\"razdel-tseli-oo-2\""), "{again}");
        // Other pages start afresh.
        let other = TextRenderer::new(&a, "g.html".into(), false);
        assert_eq!(other.prose("# Цели ОО").1[0].id, "razdel-tseli-oo");
    }
}
