//! Reading a responsible cell («КОПО Л.Г. Михайлюк, ЛОИРО О.В. Ковальчук»)
//! into the bodies it names.
//!
//! The cell text is published as written; this only finds, left to right,
//! the longest known body name or alias (any letter case, whole words), the
//! person named right after it, and the separators between. What names
//! nothing known is returned so the check can suggest the closest name.

use crate::model::{Body, BodyId, ResponsiblePart};

/// A stretch of the cell that names no known body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// Byte range in the cell text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The closest known name, if one looks like a typo of it.
    pub suggestion: Option<String>,
}

/// The names and aliases of a district's bodies, lower-cased, longest
/// first: made once per plan, not once per cell.
pub struct BodyNames<'a> {
    bodies: &'a [Body],
    names: Vec<(Vec<char>, &'a BodyId)>,
}

impl<'a> BodyNames<'a> {
    pub fn new(bodies: &'a [Body]) -> BodyNames<'a> {
        let mut names: Vec<(Vec<char>, &BodyId)> = bodies
            .iter()
            .flat_map(|b| {
                b.names()
                    .map(move |n| (n.chars().map(lower_char).collect::<Vec<_>>(), &b.id))
            })
            .filter(|(n, _)| !n.is_empty())
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        BodyNames { bodies, names }
    }
}

/// Cuts `text` into parts; the parts joined give `text` back exactly.
pub fn resolve(text: &str, known: &BodyNames) -> (Vec<ResponsiblePart>, Vec<Unknown>) {
    let (bodies, names) = (known.bodies, &known.names);
    let mut cut = Cutter::new(text, bodies);
    let mut i = 0;
    while i < cut.chars.len() {
        if let Some(len) = separator_len(&cut.chars, i) {
            // A comma or semicolon ends a run of unknown words.
            if ",;/".contains(cut.chars[i].1) {
                cut.flush_unknown(i);
            }
            i += len;
            continue;
        }
        if let Some(len) = qualifier_len(&cut.lower, i) {
            // «(по согласованию)» qualifies the body before it; it names none.
            cut.flush_unknown(i);
            i += len;
            continue;
        }
        let found = names
            .iter()
            .find(|(name, _)| matches_at(&cut.lower, i, name))
            .map(|(name, id)| (name.len(), (*id).clone()));
        let person_here = person_len(&cut.chars, i);
        i = match (found, person_here) {
            (Some((len, id)), _) => cut.body(i, len, id),
            (None, Some(len)) => cut.person(i, len),
            (None, None) => cut.unknown_word(i),
        };
    }
    cut.flush_unknown(cut.chars.len());
    let rest = cut.slice(cut.other_start, cut.chars.len()).to_string();
    push_other(&mut cut.parts, &rest);
    // Parts live as long as the site model: no spare capacity.
    for part in &mut cut.parts {
        if let ResponsiblePart::Other(s) = part {
            s.shrink_to_fit();
        }
    }
    cut.parts.shrink_to_fit();
    (cut.parts, cut.unknown)
}

/// The state of cutting one cell: parts so far, and where the text not yet
/// assigned to a part starts.
struct Cutter<'a> {
    text: &'a str,
    bodies: &'a [Body],
    chars: Vec<(usize, char)>,
    lower: Vec<char>,
    parts: Vec<ResponsiblePart>,
    unknown: Vec<Unknown>,
    /// Char index where unassigned text (separators) begins.
    other_start: usize,
    /// Char index of the first word of a run of unknown words.
    pending_unknown: Option<usize>,
}

impl<'a> Cutter<'a> {
    fn new(text: &'a str, bodies: &'a [Body]) -> Cutter<'a> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let lower = chars.iter().map(|&(_, c)| lower_char(c)).collect();
        Cutter {
            text,
            bodies,
            chars,
            lower,
            parts: Vec::new(),
            unknown: Vec::new(),
            other_start: 0,
            pending_unknown: None,
        }
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.text[self.byte(from)..self.byte(to)]
    }

    /// Ends a run of unknown words before char `at`, reporting it.
    fn flush_unknown(&mut self, at: usize) {
        let Some(u) = self.pending_unknown.take() else {
            return;
        };
        let u_end = trim_end(&self.chars, u, at);
        let before = self.slice(self.other_start, u);
        push_other(&mut self.parts, before);
        let piece = self.slice(u, u_end);
        push_other(&mut self.parts, piece);
        let suggestion = crate::yaml::closest(piece, self.bodies.iter().flat_map(Body::names))
            .map(str::to_string);
        self.unknown.push(Unknown {
            start: self.byte(u),
            end: self.byte(u_end),
            text: piece.to_string(),
            suggestion,
        });
        self.other_start = u_end;
    }

    /// Closes what came before a recognised piece starting at `i`.
    fn before_piece(&mut self, i: usize) {
        self.flush_unknown(i);
        let before = self.slice(self.other_start, i);
        push_other(&mut self.parts, before);
    }

    /// A body name of `len` chars at `i`, with a person right after it.
    fn body(&mut self, i: usize, len: usize, id: BodyId) -> usize {
        self.before_piece(i);
        let name_end = i + len;
        let gap = spaces(&self.chars, name_end);
        let person = (gap > 0)
            .then(|| person_len(&self.chars, name_end + gap))
            .flatten();
        let end = person.map_or(name_end, |p| name_end + gap + p);
        self.parts.push(ResponsiblePart::Body {
            id,
            text: self.slice(i, end).to_string(),
            person: person.map(|p| self.slice(name_end + gap, name_end + gap + p).to_string()),
        });
        self.other_start = end;
        end
    }

    /// A person after a separator: belongs to the body before.
    fn person(&mut self, i: usize, len: usize) -> usize {
        self.before_piece(i);
        self.parts
            .push(ResponsiblePart::Person(self.slice(i, i + len).to_string()));
        self.other_start = i + len;
        i + len
    }

    fn unknown_word(&mut self, i: usize) -> usize {
        self.pending_unknown.get_or_insert(i);
        word_end(&self.chars, i)
    }
}

fn lower_char(c: char) -> char {
    match c {
        'Ё' | 'ё' => 'е',
        // Most letters: no table lookup.
        'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
        'а'..='я' | 'a'..='z' | '0'..='9' | ' ' => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn is_word_char(c: char) -> bool {
    crate::typography::is_alnum(c)
}

/// Separators: spaces, punctuation between names, and a standalone «и».
fn separator_len(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let &(_, c) = chars.get(i)?;
    if c.is_whitespace() || ",;/()+–—-".contains(c) {
        return Some(1);
    }
    let prev_ok = i == 0 || !is_word_char(chars[i - 1].1);
    let next_ok = chars.get(i + 1).is_none_or(|&(_, n)| !is_word_char(n));
    ((c == 'и' || c == 'И') && prev_ok && next_ok).then_some(1)
}

/// Set phrases that qualify a body in a responsible cell rather than name
/// one: «МОиН РТ (по согласованию)», «ИРО (в пределах компетенции)».
const QUALIFIERS: &[&str] = &[
    "по согласованию",
    "по компетенции",
    "в пределах компетенции",
    "в рамках компетенции",
    "в пределах полномочий",
    "в рамках полномочий",
    "при необходимости",
    "при участии",
    "совместно с",
];

/// The length of the qualifier phrase at char `i`, if one stands there.
fn qualifier_len(lower: &[char], i: usize) -> Option<usize> {
    // Most positions start no phrase: only then are the phrases compared.
    let first = *lower.get(i)?;
    QUALIFIERS
        .iter()
        .filter(|q| q.starts_with(first))
        .find_map(|q| {
            let phrase: Vec<char> = q.chars().collect();
            matches_at(lower, i, &phrase).then_some(phrase.len())
        })
}

fn matches_at(lower: &[char], i: usize, name: &[char]) -> bool {
    if i + name.len() > lower.len() || lower[i..i + name.len()] != *name {
        return false;
    }
    let before_ok = i == 0 || !is_word_char(lower[i - 1]);
    let after_ok = lower.get(i + name.len()).is_none_or(|&c| !is_word_char(c));
    before_ok && after_ok
}

fn spaces(chars: &[(usize, char)], i: usize) -> usize {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|(_, c)| c.is_whitespace())
        .count()
}

fn word_end(chars: &[(usize, char)], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() && !chars[j].1.is_whitespace() && !",;/()".contains(chars[j].1) {
        j += 1;
    }
    j.max(i + 1)
}

fn trim_end(chars: &[(usize, char)], start: usize, end: usize) -> usize {
    let mut e = end;
    while e > start && (chars[e - 1].1.is_whitespace() || chars[e - 1].1 == ',') {
        e -= 1;
    }
    e
}

/// Length of initials («Л.Г.», «Л. Г.»): capital letter and dot, once or twice.
fn initials_len(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i;
    let mut count = 0;
    while count < 3 {
        let (Some(&(_, c)), Some(&(_, d))) = (chars.get(j), chars.get(j + 1)) else {
            break;
        };
        if !(crate::typography::is_upper(c) && d == '.') {
            break;
        }
        j += 2;
        count += 1;
        if count < 3
            && chars.get(j).is_some_and(|&(_, s)| s == ' ')
            && chars
                .get(j + 1)
                .is_some_and(|&(_, c)| crate::typography::is_upper(c))
            && chars.get(j + 2).is_some_and(|&(_, c)| c == '.')
        {
            j += 1;
        }
    }
    (count > 0).then_some(j - i)
}

/// Length of a surname: a capitalised word, hyphens allowed.
fn surname_len(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let first = chars.get(i)?.1;
    if !crate::typography::is_upper(first) {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && (chars[j].1.is_alphabetic() || chars[j].1 == '-') {
        j += 1;
    }
    let word: String = chars[i..j].iter().map(|&(_, c)| c).collect();
    // A surname has lower-case letters after the capital (not «ИМЦ»).
    (j - i >= 2
        && word
            .chars()
            .skip(1)
            .all(|c| !crate::typography::is_upper(c) || c == '-'))
    .then_some(j - i)
}

/// Where the person that `text` ends with starts («Начальник отдела
/// В.М. Ревин» → the byte of «В»), if it ends with one.
pub fn person_at_end(text: &str) -> Option<usize> {
    let text = text.trim_end();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    (0..chars.len())
        .filter(|&i| i == 0 || chars[i - 1].1.is_whitespace())
        .find(|&i| person_len(&chars, i) == Some(chars.len() - i))
        .map(|i| chars[i].0)
}

/// A person: «Л.Г. Михайлюк» or «Михайлюк Л.Г.».
fn person_len(chars: &[(usize, char)], i: usize) -> Option<usize> {
    if let Some(ini) = initials_len(chars, i) {
        let gap = spaces(chars, i + ini);
        if let Some(s) = surname_len(chars, i + ini + gap) {
            return Some(ini + gap + s);
        }
    }
    let s = surname_len(chars, i)?;
    let gap = spaces(chars, i + s);
    if gap == 0 {
        return None;
    }
    initials_len(chars, i + s + gap).map(|ini| s + gap + ini)
}

fn push_other(parts: &mut Vec<ResponsiblePart>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(ResponsiblePart::Other(prev)) = parts.last_mut() {
        prev.push_str(s);
    } else {
        parts.push(ResponsiblePart::Other(s.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{FileId, Span};

    fn body(id: &str, name: &str, aliases: &[&str]) -> Body {
        Body {
            id: BodyId(id.into()),
            name: name.into(),
            full_name: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            url: None,
            parent: None,
            span: Span::new(FileId::default(), 0, 0),
        }
    }

    fn bodies() -> Vec<Body> {
        vec![
            body("imc", "ИМЦ", &[]),
            body("coko", "ЦОКО ИМЦ", &["ЦОКО"]),
            body("kopo", "КОПО", &[]),
            body("loiro", "ЛОИРО", &[]),
            body("coord", "районный координатор", &["координатор"]),
            body("ar", "АР", &[]),
        ]
    }

    fn ids(parts: &[ResponsiblePart]) -> Vec<String> {
        parts
            .iter()
            .filter_map(|p| match p {
                ResponsiblePart::Body { id, .. } => Some(id.0.clone()),
                _ => None,
            })
            .collect()
    }

    fn joined(parts: &[ResponsiblePart]) -> String {
        parts
            .iter()
            .map(|p| match p {
                ResponsiblePart::Body { text, .. } => text.as_str(),
                ResponsiblePart::Person(t) | ResponsiblePart::Other(t) => t.as_str(),
            })
            .collect()
    }

    #[test]
    fn longest_name_wins_and_case_is_ignored() {
        let text = "цоко имц, ИМЦ, Районный координатор";
        let (parts, unknown) = resolve(text, &BodyNames::new(&bodies()));
        assert!(unknown.is_empty());
        assert_eq!(ids(&parts), ["coko", "imc", "coord"]);
        assert_eq!(joined(&parts), text);
    }

    #[test]
    fn persons_attach_to_the_body_before_them() {
        let text = "КОПО Л.Г. Михайлюк, Л.Г. Косырева, ЛОИРО О.В. Ковальчук";
        let (parts, unknown) = resolve(text, &BodyNames::new(&bodies()));
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(ids(&parts), ["kopo", "loiro"]);
        assert!(
            matches!(&parts[0], ResponsiblePart::Body { person: Some(p), .. } if p == "Л.Г. Михайлюк")
        );
        assert!(parts
            .iter()
            .any(|p| matches!(p, ResponsiblePart::Person(s) if s == "Л.Г. Косырева")));
        assert_eq!(joined(&parts), text);
    }

    #[test]
    fn names_without_commas_and_with_conjunction() {
        let (parts, unknown) = resolve("ИМЦ и АР ЦОКО", &BodyNames::new(&bodies()));
        assert!(unknown.is_empty());
        assert_eq!(ids(&parts), ["imc", "ar", "coko"]);
    }

    #[test]
    fn unknown_names_are_reported_with_a_suggestion() {
        let text = "ИМЦ, ЛОИР, методист отдела";
        let (parts, unknown) = resolve(text, &BodyNames::new(&bodies()));
        assert_eq!(ids(&parts), ["imc"]);
        assert_eq!(unknown.len(), 2);
        assert_eq!(unknown[0].text, "ЛОИР");
        assert_eq!(unknown[0].suggestion.as_deref(), Some("ЛОИРО"));
        // Consecutive unknown words are one unknown name.
        assert_eq!(&text[unknown[1].start..unknown[1].end], "методист отдела");
        assert_eq!(joined(&parts), text);
    }

    #[test]
    fn qualifiers_after_a_body_name_nothing() {
        let text = "ИМЦ, ЛОИРО (по согласованию), КОПО в пределах компетенции";
        let (parts, unknown) = resolve(text, &BodyNames::new(&bodies()));
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(ids(&parts), ["imc", "loiro", "kopo"]);
        assert_eq!(joined(&parts), text);
        // A qualifier ends a run of unknown words but is not part of it.
        let (_, unknown) = resolve(
            "методист отдела по согласованию",
            &BodyNames::new(&bodies()),
        );
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].text, "методист отдела");
    }

    #[test]
    fn a_name_inside_a_word_does_not_match() {
        let (parts, unknown) = resolve("АРХИВ", &BodyNames::new(&bodies()));
        assert!(ids(&parts).is_empty());
        assert_eq!(unknown.len(), 1);
    }
}
