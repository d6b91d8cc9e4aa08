//! The Markdown dialect of the content, in one place: the extensions every
//! reader of a Markdown field parses with (pages, PDF, DOCX, the loader's
//! checks, plain text), the plain text of a field for the outputs that
//! cannot show markup (CSV, JSON, calendars, timeline labels), and the one
//! rule for shortening a text. It depends on nothing else in Vekha but
//! typography, so the model and every output can use it.
//!
//! Plain text must read like the document: every word kept, in its order,
//! with the structure a reader needs (paragraphs, list items, footnote
//! numbers) shown by plain characters instead of markup.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The extensions of Vekha's Markdown: footnotes, tables, strikethrough.
/// `~~x~~` is struck through on a page and in the documents, and plain
/// `x` everywhere else.
pub const OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// A parser of `md` in Vekha's dialect.
pub fn parser(md: &str) -> Parser<'_> {
    Parser::new_ext(md, OPTIONS)
}

/// Indentation per level of list nesting.
const INDENT: &str = "  ";

/// Markdown source → plain text (link text kept, URLs dropped unless the
/// link text is the URL itself, list items on their own lines prefixed «• »
/// (not «-», which Excel reads as a formula) or «1. », paragraphs separated
/// by a blank line, footnote references as «[1]»; emphasis markers removed;
/// trimmed).
///
/// Footnotes are numbered in order of first appearance, as the page numbers
/// them; a definition is kept where it stands, as «[1] text». Raw HTML is
/// kept as text, as the pages show it escaped; `<br>` is a line break.
pub fn to_plain(md: &str) -> String {
    match plain_paragraph(md) {
        Some(text) => text.to_string(),
        None => parsed_to_plain(md),
    }
}

fn parsed_to_plain(md: &str) -> String {
    let mut writer = PlainText::default();
    for event in parser(md) {
        writer.event(event);
    }
    writer.out.trim().to_string()
}

/// A one-line text with nothing Markdown would act on, trimmed: most cells
/// of a plan. Rendering it skips the parser (a tenth of a build); its
/// plain text is itself.
pub fn plain_paragraph(markdown: &str) -> Option<&str> {
    let text = markdown.trim();
    let first = text.chars().next()?;
    if !(crate::typography::is_alpha(first) || first == '«' || first == '(') {
        return None;
    }
    // Every character Markdown could act on is ASCII, and so is a double
    // space: one pass over the bytes, a table look-up each.
    let mut previous = 0u8;
    for &b in text.as_bytes() {
        if MARKDOWN_BYTES[usize::from(b)] || (b == b' ' && previous == b' ') {
            return None;
        }
        previous = b;
    }
    Some(text)
}

/// The bytes that make `plain_paragraph` say no.
static MARKDOWN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"*_~`[]!<>\\&|^#\n\r\t";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// `<br>`, `<br/>`, `<BR />`: a line break written as HTML.
fn is_line_break(html: &str) -> bool {
    let tag = html.trim().to_lowercase();
    tag.strip_prefix("<br")
        .is_some_and(|rest| matches!(rest.trim_start(), ">" | "/>"))
}

/// One open list: the number of its next item when ordered.
struct List {
    next: Option<u64>,
}

/// Plain text being written from parser events.
#[derive(Default)]
struct PlainText {
    out: String,
    lists: Vec<List>,
    /// A prefix («- », «1. », «[1] ») was just written: the next block
    /// continues on its line instead of starting a new one.
    fresh: bool,
    /// Footnote label → its number.
    footnotes: HashMap<String, usize>,
    /// Cells written in the current table row.
    cells: usize,
}

impl PlainText {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::FootnoteReference(label) => {
                let n = self.footnote(&label);
                self.text(&format!("[{n}]"));
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.line_break(),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => self.block(),
            Event::InlineHtml(html) if is_line_break(&html) => self.line_break(),
            // Raw HTML is shown as text on the pages (it is escaped there),
            // so plain text keeps it too: every word of the source survives.
            Event::Html(html) | Event::InlineHtml(html) => self.text(html.trim_end_matches('\n')),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Table(_) => {
                self.block()
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.block();
                }
                self.lists.push(List { next: start });
            }
            Tag::Item => self.item(),
            Tag::FootnoteDefinition(label) => {
                self.block();
                let n = self.footnote(&label);
                self.out.push_str(&format!("[{n}] "));
                self.fresh = true;
            }
            Tag::TableHead | Tag::TableRow => self.row(),
            Tag::TableCell => {
                if self.cells > 0 {
                    self.out.push_str(" | ");
                }
                self.cells += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::CodeBlock => {
                let kept = self.out.trim_end_matches('\n').len();
                self.out.truncate(kept);
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        self.fresh = false;
        self.out.push_str(text);
    }

    /// A new block: a blank line at the top level, a new indented line
    /// inside a list item, nothing right after a prefix.
    fn block(&mut self) {
        if std::mem::take(&mut self.fresh) || self.out.is_empty() {
            return;
        }
        self.trim_trailing();
        if self.lists.is_empty() {
            self.out.push_str("\n\n");
        } else {
            self.out.push('\n');
            self.indent(self.lists.len());
        }
    }

    fn item(&mut self) {
        self.new_line();
        self.indent(self.lists.len().saturating_sub(1));
        let prefix = match self.lists.last_mut() {
            Some(List { next: Some(n) }) => {
                let prefix = format!("{n}. ");
                *n = n.saturating_add(1);
                prefix
            }
            // «•», not «-»: a cell starting with «-» is a formula in Excel.
            _ => "• ".to_string(),
        };
        self.out.push_str(&prefix);
        self.fresh = true;
    }

    fn row(&mut self) {
        self.new_line();
        self.cells = 0;
        self.fresh = false;
    }

    /// Starts a line unless one (or a blank line) was just started.
    fn new_line(&mut self) {
        if self.out.is_empty() || self.out.ends_with('\n') {
            return;
        }
        self.trim_trailing();
        self.out.push('\n');
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        self.indent(self.lists.len());
    }

    fn indent(&mut self, levels: usize) {
        for _ in 0..levels {
            self.out.push_str(INDENT);
        }
    }

    fn trim_trailing(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(kept);
    }

    fn footnote(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }
}

/// `text` cut to at most `max` characters, «…» included, at a word
/// boundary when one is near (within a fifth of `max`, at most fifteen
/// characters back), without a dangling comma or dash; the one rule for
/// every shortened text (calendar summaries, timeline labels, lists of
/// items).
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max || max == 0 {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if cut[i..].chars().count() <= (max / 5).min(15) => &cut[..i],
        _ => cut.as_str(),
    };
    let trimmed = at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_is_itself_as_the_parser_says() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::load::load(root).site;
        let mut checked = 0;
        for p in site.plans() {
            for t in p.tables() {
                for item in t.all_items() {
                    let texts = item.text.iter().chain(item.cells.values());
                    for m in texts.filter(|m| super::plain_paragraph(&m.source).is_some()) {
                        assert_eq!(
                            markdown_to_plain(&m.source),
                            super::parsed_to_plain(&m.source)
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn raw_html_stays_as_text() {
        assert_eq!(markdown_to_plain("a <b>x</b> c"), "a <b>x</b> c");
        assert_eq!(markdown_to_plain("строка<br>вторая"), "строка\nвторая");
    }

    use super::{to_plain as markdown_to_plain, truncate};

    #[test]
    fn truncation_cuts_at_a_near_word_within_the_limit() {
        assert_eq!(truncate("абвгд", 3), "аб…");
        assert_eq!(truncate("абв", 3), "абв");
        assert_eq!(truncate("коротко", 10), "коротко");
        let long = "Проведение семинаров для учителей математики, русского языка";
        let cut = truncate(long, 40);
        assert!(cut.chars().count() <= 40, "{cut}");
        assert_eq!(cut, "Проведение семинаров для учителей…");
        assert_eq!(truncate("слово", 0), "слово");
    }

    #[test]
    fn struck_text_is_plain_text() {
        assert_eq!(
            markdown_to_plain("было ~~старое~~ новое"),
            "было старое новое"
        );
    }

    #[test]
    fn cases() {
        let cases: &[(&str, &str)] = &[
            ("Просто текст", "Просто текст"),
            ("**Цель:** *повышение* качества", "Цель: повышение качества"),
            ("  строка\nпродолжение  ", "строка продолжение"),
            (
                "Первый абзац.\n\nВторой абзац.",
                "Первый абзац.\n\nВторой абзац.",
            ),
            (
                "Справка на [сайте ИМЦ](https://imc.example.ru/vpr).",
                "Справка на сайте ИМЦ.",
            ),
            ("<https://imc.example.ru/>", "https://imc.example.ru/"),
            (
                "[https://imc.example.ru/](https://imc.example.ru/)",
                "https://imc.example.ru/",
            ),
            ("- один\n- два", "• один\n• два"),
            ("1. один\n2. два", "1. один\n2. два"),
            ("3. три\n4. четыре", "3. три\n4. четыре"),
            (
                "Задачи:\n\n1. Первая:\n   - выявление;\n   - диагностика.\n2. Вторая.",
                "Задачи:\n\n1. Первая:\n  • выявление;\n  • диагностика.\n2. Вторая.",
            ),
            (
                "- первый\n\n  его продолжение\n- второй",
                "• первый\n  его продолжение\n• второй",
            ),
            (
                "Список:\n- а\n- б\n\nПосле.",
                "Список:\n\n• а\n• б\n\nПосле.",
            ),
            (
                "кластеризации[^1] школ.\n\n[^1]: Текст сноски.",
                "кластеризации[1] школ.\n\n[1] Текст сноски.",
            ),
            (
                "а[^x] и б[^y] и снова[^x]\n\n[^y]: Игрек.\n\n[^x]: Икс.",
                "а[1] и б[2] и снова[1]\n\n[2] Игрек.\n\n[1] Икс.",
            ),
            // Without a definition the parser keeps the reference as text.
            ("а[^x]", "а[^x]"),
            ("**ОБЛАСТЬ**\\\n**УПРАВЛЕНИЕ**", "ОБЛАСТЬ\nУПРАВЛЕНИЕ"),
            ("# Заголовок\n\nТекст", "Заголовок\n\nТекст"),
            ("Код `x = 1` тут", "Код x = 1 тут"),
            (
                "Строка<br>дальше<BR />конец<b>!</b>",
                "Строка\nдальше\nконец<b>!</b>",
            ),
            ("a \\* b", "a * b"),
            ("| A | B |\n|---|---|\n| 1 | 2 |", "A | B\n1 | 2"),
            ("", ""),
        ];
        for (md, expected) in cases {
            assert_eq!(markdown_to_plain(md), *expected, "{md:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for md in [
            "- - x", "1.", "[^]", "[^1]:", "> > ", "***", "```\n", "\\", "<",
        ] {
            let _ = markdown_to_plain(md);
        }
    }
}
