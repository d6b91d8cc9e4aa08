//! YAML with positions.
//!
//! serde_yaml turns YAML into typed structs but forgets where each value was;
//! diagnostics need file, line and column for every value (an unknown body in
//! item 3.2, a period nobody understands). So a [`Locator`] built from
//! yaml-rust2's event stream maps every path (`sections.0.items.3.period`)
//! to the spans of its key and value and keeps the raw text of scalars
//! (`1.10` stays `1.10`, not the float 1.1). The same events build the
//! text's value, which serde turns into the typed struct (`from_value`);
//! only what that reading leaves aside — tags, duplicate keys, every
//! error — is read by serde_yaml itself, for its located messages.
//! serde_yaml's English errors are translated into Russian diagnostics here.
//!
//! Two things are refused before serde_yaml ever sees the text, because
//! its reading of them costs out of all proportion to the text: nesting
//! deeper than [`MAX_DEPTH`] (its scanner slows quadratically with depth:
//! a megabyte of `[` never finishes) and anchors and aliases (`&a`, `*a`:
//! a few kilobytes of them expand into millions of rows). The format has
//! no use for either.

use rustc_hash::FxHashMap as HashMap;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::diagnostics::{Diagnostic, FileId, Span};

/// Where one YAML node is.
#[derive(Debug, Clone)]
struct Node {
    key: Option<(usize, usize)>,
    value: (usize, usize),
    /// Source text of a plain or quoted scalar value.
    raw: Option<String>,
}

/// A mapping key and its byte range.
type KeyAt = (String, (usize, usize));

/// Positions of the nodes of one YAML text embedded at `base` in a file.
#[derive(Debug, Clone)]
pub struct Locator {
    file: FileId,
    base: usize,
    len: usize,
    nodes: HashMap<String, Node>,
    /// Keys of each mapping, in order, with their spans (for unknown-field checks).
    keys: HashMap<String, Vec<KeyAt>>,
}

/// Joins a parent path and a child segment: `path(&["items", "3"])`.
pub fn join(parent: &str, child: impl std::fmt::Display) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, (usize, usize))>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

impl Locator {
    #[cfg(test)]
    pub fn new(file: FileId, base: usize, text: &str) -> Locator {
        match Locator::read(file, base, text) {
            Ok((loc, _)) => loc,
            Err(d) => panic!("{}", d.message),
        }
    }

    /// The locator, and from the same events the text's value as serde_yaml
    /// would read it — `None` when the text holds anything `Values` leaves to
    /// serde_yaml (see there). YAML syntax errors are left to serde_yaml,
    /// which reports them with better positions, so a broken text yields the
    /// positions of whatever was read before the error. Too deep nesting and
    /// anchors or aliases are refused here, where reading stops at the first
    /// of them: the events come one at a time, so the text is never read
    /// further than that.
    pub(crate) fn read(
        file: FileId,
        base: usize,
        text: &str,
    ) -> Result<(Locator, Option<serde_yaml::Value>), Diagnostic> {
        let mut values = Values::default();
        let mut loc = Locator {
            file,
            base,
            len: text.len(),
            nodes: HashMap::default(),
            keys: HashMap::default(),
        };
        // Marker indexes drift after block scalars with non-ASCII text, so
        // positions come from line (1-based) and column (0-based, chars).
        let lines = LineIndex::new(text);
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        loc.nodes.insert(
            String::new(),
            Node {
                key: None,
                value: (0, text.len()),
                raw: None,
            },
        );
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                // Its scanner stops at 255 open brackets; the message
                // points at the first one too many for us.
                Err(e) if e.info() == "recursion limit exceeded" => {
                    let stop = lines.offset(text, e.marker().line(), e.marker().col() + 1);
                    let at = deep_bracket(text).unwrap_or(stop);
                    return Err(Refusal::TooDeep.diagnostic(file, base, text, at));
                }
                Err(_) => {
                    values.give_up();
                    break;
                }
            };
            let at = lines.offset(text, mark.line(), mark.col() + 1);
            if let Some(refusal) = refused(&event, stack.len()) {
                return Err(refusal.diagnostic(loc.file, base, text, at));
            }
            values.event(&event);
            match event {
                Event::StreamEnd => break,
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        if key.is_none() {
                            let end = floor_boundary(text, at + value.len());
                            let keys = loc.keys.entry(path.clone()).or_default();
                            // A mapping's start marker stands after its first
                            // key; the mapping really starts at that key.
                            if keys.is_empty() {
                                if let Some(node) = loc.nodes.get_mut(path.as_str()) {
                                    node.value.0 = node.value.0.min(at);
                                }
                            }
                            keys.push((value.clone(), (at, end)));
                            *key = Some((value, (at, end)));
                            continue;
                        }
                    }
                    let end = scalar_end(text, at, &value, style);
                    let raw = matches!(
                        style,
                        TScalarStyle::Plain
                            | TScalarStyle::SingleQuoted
                            | TScalarStyle::DoubleQuoted
                    )
                    .then_some(value);
                    loc.record(&mut stack, (at, end), raw);
                }
                Event::MappingStart(..) => {
                    let path = loc.record(&mut stack, (at, at), None);
                    stack.push(Frame::Map { path, key: None });
                }
                Event::SequenceStart(..) => {
                    let path = loc.record(&mut stack, (at, at), None);
                    stack.push(Frame::Seq { path, index: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(frame) = stack.pop() {
                        let path = match frame {
                            Frame::Map { path, .. } | Frame::Seq { path, .. } => path,
                        };
                        if let Some(node) = loc.nodes.get_mut(&path) {
                            node.value.1 = node.value.1.max(at);
                        }
                    }
                }
                Event::Alias(_) => {
                    loc.record(&mut stack, (at, at), None);
                }
                _ => {}
            }
        }
        Ok((loc, values.finish()))
    }

    /// Records a value at the current position of the stack; returns its path.
    fn record(
        &mut self,
        stack: &mut [Frame],
        value: (usize, usize),
        raw: Option<String>,
    ) -> String {
        let (path, key) = match stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Map { path, key }) => match key.take() {
                Some((name, span)) => (join(path, name), Some(span)),
                None => (join(path, "?"), None),
            },
            Some(Frame::Seq { path, index }) => {
                *index += 1;
                (join(path, *index - 1), None)
            }
        };
        self.nodes.insert(path.clone(), Node { key, value, raw });
        path
    }

    fn span(&self, range: (usize, usize)) -> Span {
        Span::new(self.file, self.base + range.0, self.base + range.1)
    }

    /// The span of the value at `path`, or of its nearest located ancestor.
    pub fn value(&self, path: &str) -> Span {
        let mut p = path;
        loop {
            if let Some(node) = self.nodes.get(p) {
                return self.span(node.value);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.span((0, self.len.min(1))),
            }
        }
    }

    /// The span of the key at `path` (falls back to the value).
    pub fn key(&self, path: &str) -> Span {
        match self.nodes.get(path).and_then(|n| n.key) {
            Some(k) => self.span(k),
            None => self.value(path),
        }
    }

    /// Source text of a scalar at `path` (`1.10` as written).
    pub fn raw(&self, path: &str) -> Option<&str> {
        self.nodes.get(path).and_then(|n| n.raw.as_deref())
    }

    /// Keys of the mapping at `path`, in source order, with their spans.
    pub fn keys_of(&self, path: &str) -> Vec<(String, Span)> {
        self.keys
            .get(path)
            .map(|ks| ks.iter().map(|(k, r)| (k.clone(), self.span(*r))).collect())
            .unwrap_or_default()
    }

    /// The second `key` of the first mapping at or after byte `from` of the
    /// text that holds it twice (serde_yaml points at the mapping only).
    pub fn repeated_key(&self, key: &str, from: usize) -> Option<Span> {
        self.keys
            .values()
            .filter_map(|keys| {
                let mut same = keys.iter().filter(|(k, _)| k == key);
                let (_, first) = same.next()?;
                let (_, second) = same.next()?;
                (first.0 >= from).then_some((first.0, *second))
            })
            .min_by_key(|(start, _)| *start)
            .map(|(_, second)| self.span(second))
    }
}

/// Builds a YAML text's value from yaml-rust2 events, resolving plain
/// scalars as serde_yaml does (YAML 1.2 core schema: null, booleans, integers
/// in four bases, floats, else strings). The values now come from
/// yaml-rust2's parser, not libyaml's; the tests compare the two on every
/// text of `content/` and on tricky scalars. It gives up — and serde_yaml
/// reads the text itself — on anything where the two readings could differ
/// or where serde_yaml reports an error: tags, keys that are not scalars,
/// duplicate keys, a written-out null (`~`, `null`: as a list or mapping
/// serde_yaml refuses it, a `Value` would turn it into an empty one),
/// integers beyond 64 bits, several documents, or a parse error. (Anchors,
/// aliases and deep nesting never reach it: `Locator::read` refuses them.)
#[derive(Default)]
struct Values {
    open: Vec<Open>,
    done: Option<serde_yaml::Value>,
    documents: usize,
    failed: bool,
}

/// serde_yaml refuses deeper nesting ("recursion limit exceeded"), and
/// the deepest table of a real plan (items in items in sections) needs a
/// tenth of it.
const MAX_DEPTH: usize = 128;

/// What the reader refuses outright (see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    TooDeep,
    Anchor,
    Alias,
}

/// Whether `event`, read with `depth` collections open, is refused.
fn refused(event: &Event, depth: usize) -> Option<Refusal> {
    match event {
        Event::Alias(_) => Some(Refusal::Alias),
        Event::Scalar(_, _, anchor, _)
        | Event::SequenceStart(anchor, _)
        | Event::MappingStart(anchor, _)
            if *anchor != 0 =>
        {
            Some(Refusal::Anchor)
        }
        Event::SequenceStart(..) | Event::MappingStart(..) if depth >= MAX_DEPTH => {
            Some(Refusal::TooDeep)
        }
        _ => None,
    }
}

/// The offset of the first `[` or `{` nested deeper than [`MAX_DEPTH`],
/// in one linear pass (quoted text and comments skipped, roughly: this
/// only guards serde_yaml's reading of a text already found broken).
fn deep_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut previous = b'\n';
    let mut bytes = text.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'')
                if depth > 0 || previous.is_ascii_whitespace() || previous == b':' =>
            {
                quote = Some(b)
            }
            (None, b'#') if previous.is_ascii_whitespace() => {
                // A comment runs to the end of the line.
                for (_, c) in bytes.by_ref() {
                    if c == b'\n' {
                        break;
                    }
                }
            }
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = b;
    }
    None
}

impl Refusal {
    /// The message, at the event's position `at` in `text` (for an anchor
    /// or alias, the `&` or `*` that starts it).
    fn diagnostic(self, file: FileId, base: usize, text: &str, at: usize) -> Diagnostic {
        let (start, end) = self.range(text, at.min(text.len()));
        let span = Span::new(file, base + start, base + end);
        match self {
            Refusal::TooDeep => Diagnostic::error(span, format!("вложенность глубже {MAX_DEPTH} уровней"))
                .with_label("здесь уровней вложенности уже слишком много")
                .with_help("таблице плана хватает нескольких уровней; проверьте, что каждая открытая скобка [ или { закрыта"),
            Refusal::Anchor | Refusal::Alias => Diagnostic::error(
                span,
                "якоря и ссылки YAML (`&имя`, `*имя`) в исходниках Вехи не используются",
            )
            .with_label(if self == Refusal::Anchor { "якорь" } else { "ссылка на якорь" })
            .with_help("повторите нужные строки целиком; если это текст, который начинается со знака & или * (например, выделение *курсивом*), заключите всё значение в двойные кавычки"),
        }
    }

    /// What the message marks: one bracket of a run that may fill the
    /// line, or the whole `&name` / `*name`. An anchor comes before the
    /// node it names (the event's position may be the node's); an alias
    /// is at the position itself.
    fn range(self, text: &str, at: usize) -> (usize, usize) {
        let start = match self {
            Refusal::TooDeep => return (at, floor_boundary(text, at + 1)),
            Refusal::Anchor if text[at..].starts_with('&') => at,
            Refusal::Anchor => text[..at].rfind('&').unwrap_or(at),
            Refusal::Alias => text[at..].find('*').map_or(at, |i| at + i),
        };
        let end = text[start..]
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_whitespace() || ",]}".contains(*c))
            .map_or(text.len(), |(i, _)| start + i);
        (start, end)
    }
}

/// A collection being built: a sequence, or a mapping and its pending key.
enum Open {
    Seq(Vec<serde_yaml::Value>),
    Map(serde_yaml::Mapping, Option<serde_yaml::Value>),
}

impl Values {
    fn event(&mut self, event: &Event) {
        if self.failed {
            return;
        }
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.give_up();
                }
            }
            Event::Scalar(text, style, 0, None) => match resolve_scalar(text, *style) {
                Some(value) => self.add(value),
                None => self.give_up(),
            },
            Event::SequenceStart(0, None) => self.open(Open::Seq(Vec::new())),
            Event::MappingStart(0, None) => {
                self.open(Open::Map(serde_yaml::Mapping::new(), None));
            }
            Event::SequenceEnd => match self.open.pop() {
                Some(Open::Seq(items)) => self.add(serde_yaml::Value::Sequence(items)),
                _ => self.give_up(),
            },
            Event::MappingEnd => match self.open.pop() {
                Some(Open::Map(map, None)) => self.add(serde_yaml::Value::Mapping(map)),
                _ => self.give_up(),
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            _ => self.give_up(),
        }
    }

    fn open(&mut self, collection: Open) {
        // A collection as a mapping key: serde_yaml's business.
        if let Some(Open::Map(_, None)) = self.open.last() {
            return self.give_up();
        }
        self.open.push(collection);
    }

    fn add(&mut self, value: serde_yaml::Value) {
        match self.open.last_mut() {
            None if self.done.is_none() => self.done = Some(value),
            None => self.give_up(),
            Some(Open::Seq(items)) => items.push(value),
            Some(Open::Map(_, key @ None)) => *key = Some(value),
            Some(Open::Map(map, key)) => {
                let Some(k) = key.take() else { return };
                if map.contains_key(&k) {
                    return self.give_up();
                }
                map.insert(k, value);
            }
        }
    }

    fn give_up(&mut self) {
        self.failed = true;
        self.open.clear();
        self.done = None;
    }

    fn finish(self) -> Option<serde_yaml::Value> {
        if self.failed || !self.open.is_empty() {
            return None;
        }
        self.done
    }
}

/// A scalar's value as serde_yaml resolves it; `None` for integers that do
/// not fit 64 bits (serde_yaml has its own handling of those).
fn resolve_scalar(text: &str, style: TScalarStyle) -> Option<serde_yaml::Value> {
    use serde_yaml::Value;
    if style != TScalarStyle::Plain {
        return Some(Value::String(text.to_string()));
    }
    match text {
        // An empty value (`key:`); written-out nulls are left to serde_yaml.
        "" => return Some(Value::Null),
        "~" | "null" | "Null" | "NULL" => return None,
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Most scalars are words: nothing numeric starts with a letter.
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return Some(Value::String(text.to_string()));
    }
    if let Some(n) = unsigned_int(text) {
        return Some(Value::Number(n.into()));
    }
    if let Some(n) = negative_int(text) {
        return Some(Value::Number(n.into()));
    }
    if unsigned_int_wide(text) || negative_int_wide(text) {
        return None;
    }
    if !leading_zero_digits(text) {
        if let Some(f) = float(text) {
            return Some(Value::Number(f.into()));
        }
    }
    Some(Value::String(text.to_string()))
}

/// `0123` and `-007`: digits after a leading zero are a string in YAML 1.2.
fn leading_zero_digits(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    t.len() > 1 && t.starts_with('0') && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The digits of a non-negative integer and their radix: `+0x1F`, `0o17`,
/// `0b101`, `42`.
fn unsigned_parts(text: &str) -> Option<(&str, u32)> {
    let t = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return Some((rest, radix));
            }
        }
    }
    if t.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    Some((t, 10))
}

fn unsigned_int(text: &str) -> Option<u64> {
    let (digits, radix) = unsigned_parts(text)?;
    u64::from_str_radix(digits, radix).ok()
}

fn unsigned_int_wide(text: &str) -> bool {
    unsigned_parts(text).is_some_and(|(d, r)| u128::from_str_radix(d, r).is_ok())
}

/// The signed digits of a negative integer and their radix: `-0x1F`, `-42`.
fn negative_parts(text: &str) -> Option<(String, u32)> {
    // A text without a minus is a non-negative integer or none at all.
    if !text.starts_with('-') {
        return None;
    }
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let signed = format!("-{rest}");
            if i128::from_str_radix(&signed, radix).is_ok() {
                return Some((signed, radix));
            }
        }
    }
    if leading_zero_digits(text) {
        return None;
    }
    Some((text.to_string(), 10))
}

fn negative_int(text: &str) -> Option<i64> {
    let (digits, radix) = negative_parts(text)?;
    i64::from_str_radix(&digits, radix).ok()
}

fn negative_int_wide(text: &str) -> bool {
    negative_parts(text).is_some_and(|(d, r)| i128::from_str_radix(&d, r).is_ok())
}

/// A finite float, or `.inf`, `-.inf`, `.nan` in their three spellings.
fn float(text: &str) -> Option<f64> {
    let t = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (t, text) {
        (".inf" | ".Inf" | ".INF", _) => return Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => return Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => return Some(f64::NAN.copysign(1.0)),
        _ => {}
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// End of a scalar in the source: quoted ones include their quotes, block
/// scalars (`|`, `>`) are marked on their indicator line only.
fn scalar_end(text: &str, at: usize, value: &str, style: TScalarStyle) -> usize {
    let line_end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i);
    let end = match style {
        TScalarStyle::Plain => at + value.len(),
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => at + value.len() + 2,
        _ => line_end,
    };
    floor_boundary(text, end.min(line_end).max(at))
}

/// The largest char boundary not after `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start offsets of the lines of a text.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// Byte offset of a 1-based line and 1-based column (in characters).
    fn offset(&self, text: &str, line: usize, col: usize) -> usize {
        let Some(&start) = self.0.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let line_text = &text[start..];
        let line_len = line_text.find('\n').unwrap_or(line_text.len());
        line_text[..line_len]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + line_len, |(i, _)| start + i)
    }
}

fn offset_of_line_col(text: &str, line: usize, col: usize) -> usize {
    LineIndex::new(text).offset(text, line, col)
}

/// A parsed YAML text: the typed value and where its parts are.
pub struct Parsed<T> {
    pub value: T,
    pub locator: Locator,
}

/// Parses `text` (found at byte `base` of `file`) into `T`, translating
/// serde_yaml's errors into a Russian diagnostic at the right place.
pub fn parse<T: DeserializeOwned>(
    file: FileId,
    base: usize,
    text: &str,
) -> Result<Parsed<T>, Diagnostic> {
    let (locator, value) = Locator::read(file, base, text)?;
    // One pass over the text for positions and values (the text used to be
    // parsed twice, a seventh of a large build). Whatever that cannot take,
    // and every error, goes to serde_yaml's own reading, which has the
    // positions for the message.
    if let Some(Ok(value)) = value.map(serde_yaml::from_value::<T>) {
        return Ok(Parsed { value, locator });
    }
    // Whatever made the reading above stop, serde_yaml must not meet deep
    // brackets further on.
    if let Some(at) = deep_bracket(text) {
        return Err(Refusal::TooDeep.diagnostic(file, base, text, at));
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Ok(Parsed { value, locator }),
        Err(e) => Err(translate_error(&e, file, base, text, &locator)),
    }
}

fn translate_error(
    e: &serde_yaml::Error,
    file: FileId,
    base: usize,
    text: &str,
    loc: &Locator,
) -> Diagnostic {
    let message = e.to_string();
    let core = strip_location(&message);
    let (path, core) = split_path(core);
    let at = e
        .location()
        .map_or(0, |l| offset_of_line_col(text, l.line(), l.column()));
    let span_at = |start: usize| {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = if end == start {
            floor_boundary(text, (start + 1).min(text.len()))
        } else {
            end
        };
        Span::new(file, base + start, base + end.max(start))
    };

    if let Some(rest) = core.strip_prefix("unknown field `") {
        let (field, expected) = split_backticked(rest);
        let expected = backticked_list(expected);
        // serde_yaml points at the mapping; find the key itself.
        let span = loc
            .keys_of(&path_of(path))
            .into_iter()
            .find(|(k, _)| k == &field)
            .map(|(_, s)| s)
            .unwrap_or_else(|| span_at(at));
        return unknown_field(span, &field, &expected);
    }
    if let Some(rest) = core.strip_prefix("missing field `") {
        let (field, _) = split_backticked(rest);
        return Diagnostic::error(
            span_at(at),
            format!("не хватает обязательного поля «{field}»"),
        )
        .with_label(format!("здесь нужно поле «{field}»"))
        .with_help(format!("добавьте строку `{field}: …` (см. docs/format.md)"));
    }
    if let Some(rest) = core.strip_prefix("unknown variant `") {
        let (value, expected) = split_backticked(rest);
        let expected = backticked_list(expected);
        let mut d = Diagnostic::error(span_at(at), format!("недопустимое значение «{value}»"))
            .with_label("такого значения нет");
        d = d.with_help(suggestion_help(&value, &expected));
        return d;
    }
    if let Some(rest) = core.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(
            span_at(at),
            format!(
                "неверный тип значения: здесь нужен {}, а записан {}",
                type_name(expected),
                type_name(found)
            ),
        )
        .with_label("неверный тип")
        .with_help("сравните с примером в docs/format.md; текст, начинающийся с особого знака, заключите в кавычки");
    }
    // A key written twice: serde_yaml names it in one of two ways and
    // points at the mapping; point at the second key.
    let repeated = match core.strip_prefix("duplicate field `") {
        Some(rest) => Some(split_backticked(rest).0),
        None => core
            .split_once("duplicate entry with key \"")
            .map(|(_, rest)| rest.rsplit_once('"').map_or(rest, |(k, _)| k).to_string()),
    };
    if let Some(key) = repeated {
        let span = loc.repeated_key(&key, at).unwrap_or_else(|| span_at(at));
        return Diagnostic::error(span, format!("поле «{key}» указано дважды"))
            .with_label("второй раз")
            .with_help("оставьте одно из значений");
    }
    if core.is_ascii() {
        if let Some(found) = Mistake::near(text, at) {
            return found.diagnostic(file, base);
        }
        return syntax_error(span_at(at), core);
    }
    // Our own custom messages are already Russian.
    Diagnostic::error(span_at(at), core.to_string())
}

/// Turns a serde path `sections[0].items[2]` into a locator path.
fn path_of(serde_path: &str) -> String {
    serde_path
        .replace('[', ".")
        .replace(']', "")
        .trim_matches('.')
        .to_string()
}

/// serde_yaml prefixes nested errors with `path: `.
fn split_path(message: &str) -> (&str, &str) {
    match message.split_once(": ") {
        Some((p, rest))
            if !p.contains(' ')
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._[]-".contains(c)) =>
        {
            (p, rest)
        }
        _ => ("", message),
    }
}

fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// `name`, rest → ("name", rest)
fn split_backticked(s: &str) -> (String, &str) {
    match s.split_once('`') {
        Some((name, rest)) => (name.to_string(), rest),
        None => (s.to_string(), ""),
    }
}

fn backticked_list(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, w)| w.to_string())
        .collect()
}

/// The closest of `candidates` to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&word_l, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn suggestion_help(word: &str, expected: &[String]) -> String {
    let list = expected
        .iter()
        .map(|f| format!("«{f}»"))
        .collect::<Vec<_>>()
        .join(", ");
    match closest(word, expected.iter().map(String::as_str)) {
        Some(best) => format!("возможно, имелось в виду «{best}»; допустимы: {list}"),
        None if list.is_empty() => "уберите его".to_string(),
        None => format!("допустимы: {list}"),
    }
}

/// The diagnostic for a field that the format does not know.
pub fn unknown_field(span: Span, field: &str, expected: &[String]) -> Diagnostic {
    Diagnostic::error(span, format!("неизвестное поле «{field}»"))
        .with_label("такого поля здесь нет")
        .with_help(suggestion_help(field, expected))
}

fn type_name(serde: &str) -> String {
    let s = serde.trim();
    let name = if s.starts_with("a string") || s == "string" || s.starts_with("string ") {
        "текст"
    } else if s.starts_with("a sequence") || s.starts_with("sequence") {
        "список (строки с «- »)"
    } else if s.starts_with("a map") || s.starts_with("map") || s.starts_with("struct") {
        "набор полей «поле: значение»"
    } else if s.starts_with("integer")
        || s.starts_with("i32")
        || s.starts_with("u32")
        || s.starts_with("i64")
    {
        "целое число"
    } else if s.starts_with("floating point") || s.starts_with("f64") {
        "дробное число"
    } else if s.starts_with("a boolean") || s.starts_with("boolean") {
        "логическое значение (true/false)"
    } else if s.starts_with("unit") || s == "null" {
        "пустое значение"
    } else if s.starts_with("enum") {
        "одно из допустимых слов"
    } else {
        return format!("«{s}»");
    };
    name.to_string()
}

fn syntax_error(span: Span, english: &str) -> Diagnostic {
    let (what, help) = if english.contains("mapping values are not allowed") {
        (
            "двоеточие с пробелом внутри значения",
            "заключите значение в двойные кавычки или запишите его после `|` на следующих строках",
        )
    } else if english.contains("tab") {
        (
            "табуляция в отступе",
            "делайте отступы пробелами, не табуляцией",
        )
    } else if english.contains("did not find expected key")
        || english.contains("did not find expected '-'")
        || english.contains("block mapping")
        || english.contains("block sequence")
    {
        (
            "нарушены отступы",
            "поля одного уровня должны начинаться в одном столбце; проверьте отступ этой и предыдущей строки",
        )
    } else if english.contains("cannot start any token") {
        (
            "значение начинается со знака, который в YAML имеет особый смысл",
            "заключите значение в двойные кавычки",
        )
    } else if english.contains("did not find expected node content")
        || english.contains("found unexpected end of stream")
    {
        (
            "значение оборвано",
            "проверьте кавычки и скобки в этой строке",
        )
    } else if english.contains("found unknown escape character") {
        (
            "обратная косая черта в тексте в двойных кавычках",
            "удвойте её (\\\\) или уберите кавычки",
        )
    } else if english.contains("duplicate entry") {
        (
            "одно и то же поле указано дважды",
            "оставьте одно из значений",
        )
    } else {
        (
            "ошибка в записи YAML",
            "сравните с примером в docs/format.md",
        )
    };
    // The parser's English stays out of the message.
    Diagnostic::error(span, format!("ошибка синтаксиса YAML: {what}"))
        .with_label("здесь")
        .with_help(help)
}

/// A mistake people make that the parser reports as something else (a
/// straight quote inside a quoted value as broken indentation, a missing
/// space after a colon on the next line): found in the text around where
/// the parser stopped, at its real place.
struct Mistake {
    /// Byte range in the YAML text.
    at: (usize, usize),
    what: &'static str,
    label: &'static str,
    help: &'static str,
}

impl Mistake {
    /// The mistake in the line where the parser stopped (byte `at`) or in
    /// the two lines before it, if there is one of the known kinds.
    fn near(text: &str, at: usize) -> Option<Mistake> {
        let at = floor_boundary(text, at.min(text.len()));
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if let Some(tab) = Mistake::tab(text, line_start, at) {
            return Some(tab);
        }
        let mut starts = vec![line_start];
        while let Some(&s) = starts.last().filter(|&&s| s > 0 && starts.len() < 3) {
            starts.push(text[..s - 1].rfind('\n').map_or(0, |i| i + 1));
        }
        starts
            .iter()
            .find_map(|&s| Mistake::inner_quote(text, s).or_else(|| Mistake::no_space(text, s)))
    }

    /// A tab in the indentation of the line, or where the parser stopped.
    fn tab(text: &str, line_start: usize, at: usize) -> Option<Mistake> {
        let line = line_of(text, line_start);
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let in_indent = line[..indent].find('\t').map(|i| line_start + i);
        let at_stop = text[at..].starts_with('\t').then_some(at);
        let tab = in_indent.or(at_stop)?;
        Some(Mistake {
            at: (tab, tab + 1),
            what: "табуляция вместо пробелов",
            label: "здесь знак табуляции",
            help: "в YAML отступы и промежутки делают только пробелами: удалите табуляцию и поставьте пробелы (в Блокноте табуляцию не видно — встаньте в начало строки и наберите отступ заново)",
        })
    }

    /// `key: "текст "в кавычках" дальше"`: the second quote ends the value.
    fn inner_quote(text: &str, line_start: usize) -> Option<Mistake> {
        let line = line_of(text, line_start);
        let colon = line.find(": ")?;
        let value = &line[colon + 2..];
        let quote = value
            .trim_start()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        let open = colon + 2 + (value.len() - value.trim_start().len());
        let close = closing_quote(&line[open + 1..], quote).map(|i| open + 1 + i)?;
        let rest = line[close + 1..].trim();
        let help = if quote == '"' {
            "внутри значения пишите кавычки-«ёлочки» или поставьте перед каждой внутренней кавычкой обратную косую черту (\\\"), либо заключите всё значение в одинарные кавычки"
        } else {
            "внутри значения пишите кавычки-«ёлочки» или удвойте каждый внутренний апостроф (''), либо заключите всё значение в двойные кавычки"
        };
        (!rest.is_empty() && !rest.starts_with('#')).then_some(Mistake {
            at: (line_start + close, line_start + close + 1),
            what: "кавычка внутри значения в кавычках закрыла его раньше времени",
            label: "значение кончилось здесь",
            help,
        })
    }

    /// `period:Март 2025`: no space after a key's colon (not an address:
    /// `mailto:`, `tel:` are values of their own).
    fn no_space(text: &str, line_start: usize) -> Option<Mistake> {
        let line = line_of(text, line_start);
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let offset = line.len() - body.len();
        let key_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|&n| n > 0)?;
        let after = &body[key_len..];
        let key = &body[..key_len];
        if ["mailto", "tel", "http", "https", "ftp", "urn", "data"].contains(&key) {
            return None;
        }
        let next = after.strip_prefix(':')?.chars().next()?;
        (!next.is_whitespace() && next != '/').then(|| {
            let colon = line_start + offset + key_len;
            Mistake {
                at: (colon, colon + 1),
                what: "после двоеточия нет пробела",
                label: "нужен пробел после двоеточия",
                help: "поле пишется так: имя, двоеточие, пробел, значение — например, `period: Март 2025`",
            }
        })
    }

    fn diagnostic(self, file: FileId, base: usize) -> Diagnostic {
        Diagnostic::error(
            Span::new(file, base + self.at.0, base + self.at.1),
            format!("ошибка синтаксиса YAML: {}", self.what),
        )
        .with_label(self.label)
        .with_help(self.help)
    }
}

/// The offset in `rest` (the text after an opening quote) of the quote
/// that closes it: `\"` does not close a double-quoted value, `''` does
/// not close a single-quoted one.
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The line of `text` that starts at byte `start`, without its newline.
fn line_of(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Our reading of `text`, when it has one, against serde_yaml's.
    fn same_as_serde_yaml(text: &str) -> bool {
        let ours = Locator::read(FileId::default(), 0, text)
            .ok()
            .and_then(|r| r.1);
        if let Some(ours) = &ours {
            let theirs: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
            assert_eq!(ours, &theirs, "{text}");
        }
        ours.is_some()
    }

    #[test]
    fn deep_brackets_are_found_in_one_pass() {
        let deep = format!("a: {}", "[".repeat(200));
        assert_eq!(deep_bracket(&deep), Some(3 + MAX_DEPTH));
        let quoted = format!(
            "a: \"{}\"\nb: [1, {{c: 2}}] # {}",
            "[".repeat(200),
            "{".repeat(200)
        );
        assert_eq!(deep_bracket(&quoted), None);
        for text in [deep.as_str(), &format!("- {}", "{a: ".repeat(300))] {
            let Err(d) = parse::<serde_yaml::Value>(FileId::default(), 0, text) else {
                panic!("{text:.40} must be refused");
            };
            assert!(
                d.message.starts_with("вложенность глубже 128"),
                "{}",
                d.message
            );
        }
    }

    #[test]
    fn scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "1.10",
            "010",
            "-010",
            "0",
            "-0",
            "00",
            "+5",
            "+-5",
            "+",
            ".",
            "0x1F",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0xZZ",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0o",
            "1e5",
            "1E-3",
            ".5",
            "5.",
            "+.5",
            "-.5",
            "1_000",
            ".inf",
            ".Inf",
            "+.inf",
            "-.INF",
            ".nan",
            ".NaN",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "no",
            "on",
            "",
            "2023",
            "2023-03-01",
            "1.1.2023",
            "12:30",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "-9223372036854775808",
            "3.2.1",
            "1 квартал",
            "ИМЦ",
            "«текст»",
            "'1.10'",
            "\"010\"",
            "|\n  блок\n",
            ">\n  сложенный\n  текст\n",
        ];
        for s in scalars {
            let text = format!("v: {s}\n");
            assert!(same_as_serde_yaml(&text), "{text}");
        }
        // Integers beyond 64 bits and written-out nulls are left to serde_yaml.
        for s in [
            "18446744073709551616",
            "-9223372036854775809",
            "0x1FFFFFFFFFFFFFFFF",
            "~",
            "null",
            "Null",
            "NULL",
        ] {
            assert!(!same_as_serde_yaml(&format!("v: {s}\n")), "{s}");
        }
    }

    #[test]
    fn what_serde_yaml_must_read_itself_is_left_to_it() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "a: 1\na: 2\n",
            "? [a, b]\n: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "",
            "# только комментарий\n",
        ] {
            assert!(!same_as_serde_yaml(text), "{text}");
        }
        assert!(same_as_serde_yaml("a:\n  - 1\n  - {b: c, d: [e]}\nf: ''\n"));
        let deep = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        assert!(!same_as_serde_yaml(&deep));
        assert!(same_as_serde_yaml(&format!(
            "a: {}1{}\n",
            "[".repeat(100),
            "]".repeat(100)
        )));
    }

    #[test]
    fn typed_values_are_accepted_and_refused_as_serde_yaml_does() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Lists {
            items: Vec<String>,
            map: Option<std::collections::BTreeMap<String, i32>>,
            flag: Option<bool>,
        }
        for text in [
            "items:\n",
            "items: ~\n",
            "items: null\nmap:\n",
            "items: []\nmap: ~\n",
            "items: [a]\nmap: {a: 1}\nflag: true\n",
            "items: [a]\nflag: yes\n",
            "items: [1]\n",
            "items: a\n",
            "items: []\nother: 1\n",
            "~\n",
            "items: []\nmap: {a: '1'}\n",
        ] {
            let ours = parse::<Lists>(FileId::default(), 0, text).map(|p| p.value);
            let theirs = serde_yaml::from_str::<Lists>(text);
            assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{text}");
        }
    }

    /// Where libyaml and yaml-rust2 could read a text differently: block
    /// scalars, folding, escapes, quoting, comments, flow collections.
    #[test]
    fn tricky_texts_read_as_serde_yaml_reads_them() {
        let texts = [
            "a: |\n  строка\n\n    отступ\n  ещё\n\n\nb: 1\n",
            "a: |-\n  без конца\n\n",
            "a: |+\n  с концом\n\n\nb: 2\n",
            "a: >\n  сложенный\n  текст\n\n  абзац\n    отступ\n  конец\n",
            "a: >-\n  x\n  y\n",
            "a: |2\n    два пробела\n",
            "a: \"строка \\\n  перенос \\t таб \\u0416 \\\" кавычка\"\n",
            "a: 'одинарные '' кавычки\n  и перенос'\n",
            "a: plain\n  continued\n\n  after blank\n",
            "a: 1 # комментарий\nb: \"#не комментарий\"\n",
            "a: {b: 1, c: [2, 3], 'd e': f}\n",
            "- a\n- b: c\n  d: e\n- - f\n  - g\n",
            "a:\n- 1\n- 2\n",
            "a: b: c\n",
            "a:\tb\n",
            "a: 'x'\t\n",
            "\"ключ\": значение\n",
            "a: -\n",
            "a: 1.10\nb: 010\nc: 0x1F\nd: .inf\ne: 1e3\n",
            "a: [1, 2,]\n",
            "a: «ёлки» — «палки»\n",
        ];
        let mut read = 0;
        for text in texts {
            let ours = Locator::read(FileId::default(), 0, text)
                .ok()
                .and_then(|r| r.1);
            let theirs = serde_yaml::from_str::<serde_yaml::Value>(text).ok();
            if let Some(ours) = ours {
                assert_eq!(Some(ours), theirs, "{text}");
                read += 1;
            }
        }
        assert!(read >= 15, "{read}");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        number: Option<serde_yaml::Value>,
        text: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        items: Vec<Item>,
    }

    #[test]
    fn locator_finds_values_keys_and_raw_scalars() {
        let text = "title: План\nitems:\n  - number: 1.10\n    text: \"Анализ\"\n";
        let loc = Locator::new(FileId::default(), 0, text);
        let s = loc.value("items.0.number");
        assert_eq!(&text[s.start..s.end], "1.10");
        assert_eq!(loc.raw("items.0.number"), Some("1.10"));
        let k = loc.key("items.0.text");
        assert_eq!(&text[k.start..k.end], "text");
        let v = loc.value("items.0.text");
        assert_eq!(&text[v.start..v.end], "\"Анализ\"");
        let item = loc.value("items.0");
        assert!(text[item.start..].starts_with("number: 1.10"));
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(loc.value("items.0.text.zzz"), v);
    }

    #[test]
    fn positions_stay_right_after_block_scalars_with_cyrillic() {
        let text = "a:\n  - t: |\n      один\n      два\n    p: март\n  - t: y\n    p: май\n";
        let loc = Locator::new(FileId::default(), 0, text);
        let s = loc.value("a.0.p");
        assert_eq!(&text[s.start..s.end], "март");
        let s = loc.value("a.1.p");
        assert_eq!(&text[s.start..s.end], "май");
        let s = loc.value("a.0.t");
        assert!(text[s.start..].starts_with("один"));
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests() {
        let text = "title: План\nitems:\n  - text: a\n    nubmer: 2\n";
        let Err(d) = parse::<Doc>(FileId::default(), 0, text) else {
            panic!("must fail")
        };
        assert_eq!(d.message, "неизвестное поле «nubmer»");
        assert_eq!(&text[d.span.unwrap().start..d.span.unwrap().end], "nubmer");
        assert!(d
            .help
            .unwrap()
            .contains("возможно, имелось в виду «number»"));
    }

    #[test]
    fn missing_field_and_wrong_type_are_russian() {
        let Err(d) = parse::<Doc>(FileId::default(), 0, "items: []\n") else {
            panic!()
        };
        assert_eq!(d.message, "не хватает обязательного поля «title»");
        let Err(d) = parse::<Doc>(FileId::default(), 0, "title: a\nitems: abc\n") else {
            panic!()
        };
        assert!(
            d.message
                .starts_with("неверный тип значения: здесь нужен список"),
            "{}",
            d.message
        );
    }

    #[test]
    fn syntax_errors_are_explained() {
        let Err(d) = parse::<Doc>(FileId::default(), 0, "title: a: b\nitems: []\n") else {
            panic!()
        };
        assert!(
            d.message.starts_with("ошибка синтаксиса YAML"),
            "{}",
            d.message
        );
    }
}
