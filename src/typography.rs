//! Russian web typography in the «Типограф» tradition: non-breaking spaces
//! where a line break would strand a word or make a phrase hard to read.
//!
//! The only change ever made is a plain space (U+0020) becoming a
//! non-breaking one (U+00A0), and only a single space between two
//! non-space characters: every other character, every run of spaces, tab
//! and line break stays as written. That keeps the published text the
//! official document's text word for word (PRODUCT.md: faithful
//! publication), makes the pass idempotent, and means that mapping NBSP back
//! to a space gives the source again.
//!
//! The caller applies this to plain text only (text nodes), never to URLs,
//! code or attribute values.
//!
//! Rules, each for a space between the word before it and the word after
//! it (a word is a run of non-space characters):
//!
//! 1. **After a one- or two-letter word** («в», «на», «её», «ОО», «IT»):
//!    a preposition, conjunction or particle left at the end of a line
//!    reads as if it belonged to the line, and the eye stumbles. Only words
//!    of Cyrillic or Latin letters count; a number («1 раз») does not.
//!    An opening bracket or quote before the word is allowed: «(в том».
//! 2. **After «№» and «§»** (also «№№», «§§»): the sign means nothing
//!    without its number. Only an existing space is changed: «№216-р»
//!    stays as written.
//! 3. **Between initials and a surname**, in both orders («Л.Г. Михайлюк»,
//!    «Л. Г. Михайлюк», «Михайлюк Л.Г.»): a name split over two lines is hard
//!    to recognise, and it is how signatures and «ответственный» cells are
//!    written. When initials stand between two capitalised words
//!    («Ответственный Л.Г. Михайлюк»), they bind to the word after them only,
//!    as the initials-first order is the usual one.
//! 4. **Before «г.» and «гг.» after a number** («2023 г.», «2022-2023 гг.»,
//!    «10.03.2023 г.»): a year abbreviation alone at the start of a line
//!    is the classic typesetting fault of official documents.
//! 5. **Before a dash between words** («слово – слово», «слово — слово», and
//!    a spaced hyphen «слово - слово» as typed in Word): a dash opening a
//!    line looks like a list item or a line of dialogue. The dash itself is
//!    kept as written; the space after it stays breakable, as the
//!    tradition breaks lines after a dash.
//!
//! Quotes («ёлочки» or any other) are left untouched.

/// The non-breaking space put in place of a plain one.
const NBSP: char = '\u{a0}';

/// Characters that may open a word before its letters: brackets and quotes.
const OPENING: &[char] = &['(', '[', '«', '"', '„', '“', '\'', '‘'];

/// Characters that may close a word after its letters: brackets, quotes
/// and punctuation (the full stop is handled by each rule, since initials
/// and «г.» end with one).
const CLOSING: &[char] = &[
    ')', ']', '»', '"', '”', '“', '\'', '’', ',', ';', ':', '!', '?', '…',
];

/// Dashes that, standing alone between words, get a non-breaking space
/// before them: hyphen-minus (as typed), en dash and em dash.
const DASHES: &[&str] = &["-", "–", "—"];

/// Applies Russian non-breaking-space rules to plain text.
///
/// See the module documentation for the rules and why each exists. The
/// result differs from `text` only where a single plain space became
/// U+00A0, and `typograph(&typograph(x)) == typograph(x)`.
pub fn typograph(text: &str) -> String {
    if !text.contains(' ') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // The output copies the text's own runs between the spaces that bind.
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for (i, (at, c)) in text.char_indices().enumerate() {
        if c == ' ' && binds(&chars, i) {
            out.push_str(text.get(copied..at).unwrap_or_default());
            out.push(NBSP);
            copied = at + 1;
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// The texts of one district already typeset: a text is typeset for its
/// pages and again for the paste-ready fragment, and the typographer is
/// the dearest step of shaping a text.
#[derive(Debug, Default)]
pub struct Memo {
    done: std::cell::RefCell<rustc_hash::FxHashMap<String, String>>,
}

impl Memo {
    /// [`typograph`], once per distinct text.
    pub fn typograph(&self, text: &str) -> String {
        if let Some(done) = self.done.borrow().get(text) {
            return done.clone();
        }
        let done = typograph(text);
        self.done
            .borrow_mut()
            .insert(text.to_string(), done.clone());
        done
    }
}

/// Whether the plain space at `space` should become non-breaking.
///
/// Every decision looks only at non-space characters and at where runs of
/// whitespace and line breaks are, never at which kind of space separates
/// words on the same line; that is what makes the pass idempotent.
fn binds(chars: &[char], space: usize) -> bool {
    let (Some(prev), Some(next)) = (word_before(chars, space), word_after(chars, space + 1)) else {
        // Not a single space between two words: leave it.
        return false;
    };
    let prev_core = strip_opening(prev);
    let next_start = space + 1;

    is_short_word(prev_core)
        || is_number_sign(prev_core)
        || (is_number(prev_core) && is_year_abbreviation(next))
        || binds_name(chars, prev_core, next, next_start)
        || binds_dash(chars, prev, next, next_start)
}

/// Rule 3: initials and a surname, in either order.
fn binds_name(chars: &[char], prev_core: &[char], next: &[char], next_start: usize) -> bool {
    let prev_is_initials = initials(prev_core) == Some(Tail::None);
    let next_initials = initials(next);
    if prev_is_initials {
        // «Л.Г. Михайлюк», «Л. Г. Михайлюк» (both spaces).
        return next_initials.is_some() || is_capitalised(strip_closing(next));
    }
    // «Михайлюк Л.Г.», unless the initials open «Л.Г. Другой».
    next_initials.is_some()
        && is_capitalised(prev_core)
        && !initials_precede_surname(chars, next_start)
}

/// Rule 5: a spaced dash between words gets a non-breaking space before it.
fn binds_dash(chars: &[char], prev: &[char], next: &[char], next_start: usize) -> bool {
    DASHES.iter().any(|dash| same(next, dash))
        && prev.iter().any(|&c| is_alnum(c))
        && next_word_on_line(chars, next_start + next.len())
            .is_some_and(|(_, word)| word.iter().any(|&c| is_alnum(c)))
}

/// The word that ends right before `end`, if the character there is not
/// whitespace.
fn word_before(chars: &[char], end: usize) -> Option<&[char]> {
    let head = chars.get(..end)?;
    let start = head
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    head.get(start..).filter(|w| !w.is_empty())
}

/// The word that starts at `start`, if the character there is not
/// whitespace.
fn word_after(chars: &[char], start: usize) -> Option<&[char]> {
    let tail = chars.get(start..)?;
    let len = tail
        .iter()
        .position(|c| c.is_whitespace())
        .unwrap_or(tail.len());
    tail.get(..len).filter(|w| !w.is_empty())
}

/// The next word at or after `from` on the same line, with its start.
fn next_word_on_line(chars: &[char], from: usize) -> Option<(usize, &[char])> {
    let tail = chars.get(from..)?;
    let skip = tail.iter().position(|&c| !c.is_whitespace() || c == '\n')?;
    let start = from + skip;
    word_after(chars, start).map(|w| (start, w))
}

/// Whether the initials group starting at `start` («Л.Г.», «Л. Г.») is
/// followed on the same line by a capitalised word, its surname.
fn initials_precede_surname(chars: &[char], mut start: usize) -> bool {
    while let Some(word) = word_after(chars, start) {
        if initials(word) != Some(Tail::None) {
            // Punctuation after the initials ends the name.
            return false;
        }
        let Some((next_start, next)) = next_word_on_line(chars, start + word.len()) else {
            return false;
        };
        if initials(next).is_none() {
            return is_capitalised(strip_closing(next));
        }
        start = next_start;
    }
    false
}

fn same(word: &[char], text: &str) -> bool {
    word.iter().copied().eq(text.chars())
}

/// `word` without the brackets and quotes that open it.
fn strip_opening(word: &[char]) -> &[char] {
    let skip = word
        .iter()
        .position(|c| !OPENING.contains(c))
        .unwrap_or(word.len());
    word.get(skip..).unwrap_or_default()
}

/// `word` without closing brackets, quotes, punctuation and full stops.
fn strip_closing(word: &[char]) -> &[char] {
    let keep = word
        .iter()
        .rposition(|c| !CLOSING.contains(c) && *c != '.')
        .map_or(0, |p| p + 1);
    word.get(..keep).unwrap_or_default()
}

/// The Russian word form for a count: `plural(n, "пункт", "пункта", "пунктов")`
/// gives «1 пункт», «2 пункта», «5 пунктов», «11 пунктов», «21 пункт».
pub fn plural(n: usize, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// Appends `text` to `out` with each ASCII byte that `replace` maps
/// replaced by its text (an empty one drops the byte): the escaping of
/// HTML and of iCalendar in one pass. Only ASCII bytes are offered, so a
/// replaced byte never sits inside a multi-byte character and the runs
/// between them are copied whole.
pub fn push_replacing_ascii(
    out: &mut String,
    text: &str,
    replace: impl Fn(u8) -> Option<&'static str>,
) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let Some(by) = (if b.is_ascii() { replace(b) } else { None }) else {
            continue;
        };
        out.push_str(&text[copied..i]);
        out.push_str(by);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// «район» → «Район».
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A file size as a person writes it: «812 байт», «12,3 КБ», «1,5 МБ».
pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} байт")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} КБ", bytes as f64 / 1024.0).replace('.', ",")
    } else {
        format!("{:.1} МБ", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

/// `char::is_alphanumeric` with a fast path for ASCII and Russian letters:
/// the standard test does a slow table look-up for every Cyrillic letter,
/// which was a tenth of a large build.
pub fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, 'А'..='я' | 'Ё' | 'ё')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// `char::is_alphabetic` with the same fast path as `is_alnum`.
pub fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, 'А'..='я' | 'Ё' | 'ё')
        || (!c.is_ascii() && c.is_alphabetic())
}

/// `char::is_uppercase` with the same fast path as `is_alnum`.
pub fn is_upper(c: char) -> bool {
    match c {
        'А'..='Я' | 'Ё' | 'A'..='Z' => true,
        'а'..='я' | 'ё' | 'a'..='z' | '0'..='9' | ' ' => false,
        _ => c.is_uppercase(),
    }
}

/// `char::is_lowercase` with the same fast path as `is_alnum`.
pub fn is_lower(c: char) -> bool {
    match c {
        'а'..='я' | 'ё' | 'a'..='z' => true,
        'А'..='Я' | 'Ё' | 'A'..='Z' | '0'..='9' | ' ' => false,
        _ => c.is_lowercase(),
    }
}

/// A letter that may make up a Russian or Latin word.
fn is_word_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, 'А'..='я' | 'Ё' | 'ё')
        || (('\u{400}'..='\u{4ff}').contains(&c) || ('\u{c0}'..='\u{24f}').contains(&c))
            && c.is_alphabetic()
}

/// Rule 1: a word of one or two Cyrillic or Latin letters.
fn is_short_word(word: &[char]) -> bool {
    (1..=2).contains(&word.len()) && word.iter().all(|&c| is_word_letter(c))
}

/// Rule 2: «№», «§» and their doubled plurals.
fn is_number_sign(word: &[char]) -> bool {
    ["№", "§", "№№", "§§"].iter().any(|sign| same(word, sign))
}

/// Rule 4: a number, a date or a range of years: «2023», «10.03.2023»,
/// «2022-2023», «2019/2020».
fn is_number(word: &[char]) -> bool {
    let digit_at = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
    digit_at(word.first())
        && digit_at(word.last())
        && word
            .iter()
            .all(|&c| c.is_ascii_digit() || matches!(c, '.' | '-' | '–' | '—' | '/'))
}

/// Rule 4: «г.» or «гг.», possibly followed by closing punctuation.
fn is_year_abbreviation(word: &[char]) -> bool {
    let letters = word.iter().take_while(|&&c| c == 'г').count();
    let rest = word.get(letters..).unwrap_or_default();
    (1..=2).contains(&letters)
        && rest.first() == Some(&'.')
        && rest.iter().all(|c| *c == '.' || CLOSING.contains(c))
}

/// What follows a group of initials inside its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Nothing: «Л.Г.».
    None,
    /// Closing punctuation: «Л.Г.,», «Л.Г.)».
    Punctuation,
}

/// Whether `word` is one to three initials («Л.», «Л.Г.»), and what
/// follows them.
fn initials(word: &[char]) -> Option<Tail> {
    let mut count = 0;
    let mut rest = word;
    while let [letter, '.', after @ ..] = rest {
        if !(letter.is_uppercase() && is_word_letter(*letter)) {
            break;
        }
        count += 1;
        rest = after;
    }
    if !(1..=3).contains(&count) {
        return None;
    }
    if rest.is_empty() {
        Some(Tail::None)
    } else if rest.iter().all(|c| *c == '.' || CLOSING.contains(c)) {
        Some(Tail::Punctuation)
    } else {
        None
    }
}

/// A capitalised word such as a surname: «Михайлюк», «Римский-Корсаков»,
/// «Smith»; not «ШНОР», not «Л.».
fn is_capitalised(word: &[char]) -> bool {
    let mut parts = word.split(|&c| c == '-');
    let Some(first) = parts.next() else {
        return false;
    };
    let capitalised_part = |part: &[char]| match part {
        [head, tail @ ..] => {
            head.is_uppercase()
                && is_word_letter(*head)
                && !tail.is_empty()
                && tail.iter().all(|&c| c.is_lowercase() && is_word_letter(c))
        }
        [] => false,
    };
    let lowercase_part = |part: &[char]| {
        !part.is_empty() && part.iter().all(|&c| c.is_lowercase() && is_word_letter(c))
    };
    capitalised_part(first) && parts.all(|p| capitalised_part(p) || lowercase_part(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_person_writes_them() {
        assert_eq!(human_size(812), "812 байт");
        assert_eq!(human_size(12_600), "12,3 КБ");
    }

    #[test]
    fn fast_letter_tests_agree_with_the_standard_ones() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
        }
    }

    /// Test rows write the non-breaking space as `~`.
    fn show(text: &str) -> String {
        text.replace(NBSP, "~")
    }

    #[test]
    fn rules_table() {
        let rows: &[(&str, &str)] = &[
            // Rule 1: short words.
            ("в школе", "в~школе"),
            ("В школе", "В~школе"),
            ("работа со ШНОР", "работа со~ШНОР"),
            ("и в том числе", "и~в~том числе"),
            ("её и их", "её~и~их"),
            ("мы вы он", "мы~вы~он"),
            ("(в том числе)", "(в~том числе)"),
            ("«на уровне»", "«на~уровне»"),
            ("ОО РПП", "ОО~РПП"),
            ("IT куб", "IT~куб"),
            ("1 раз в год", "1 раз в~год"),
            ("2 раза", "2 раза"),
            ("ИМЦ, а также", "ИМЦ, а~также"),
            ("школ, в", "школ, в"),
            // Rule 2: number signs.
            ("ГБОУ СОШ № 223", "ГБОУ СОШ №~223"),
            ("№216-р от", "№216-р от"),
            ("§ 5", "§~5"),
            ("№№ 1, 2", "№№~1, 2"),
            ("(№ 36)", "(№~36)"),
            // Rule 3: initials and surnames.
            ("Л.Г. Михайлюк", "Л.Г.~Михайлюк"),
            ("Л. Г. Михайлюк", "Л.~Г.~Михайлюк"),
            ("Михайлюк Л.Г.", "Михайлюк~Л.Г."),
            ("Михайлюк Л. Г.", "Михайлюк~Л.~Г."),
            ("(Михайлюк Л.Г.)", "(Михайлюк~Л.Г.)"),
            ("Михайлюк Л.Г., Ступак Ю.В.", "Михайлюк~Л.Г., Ступак~Ю.В."),
            ("Ответственный Л.Г. Михайлюк", "Ответственный Л.Г.~Михайлюк"),
            ("Римский-Корсаков Н.А.", "Римский-Корсаков~Н.А."),
            ("С.А.Ларченко", "С.А.Ларченко"),
            ("ШНОР Л.Г.", "ШНОР Л.Г."),
            ("J. Smith", "J.~Smith"),
            // Rule 4: years.
            ("2023 г.", "2023~г."),
            ("10 марта 2023 г.", "10 марта 2023~г."),
            ("2022-2023 гг.", "2022-2023~гг."),
            ("от 10.03.2023 г. № 5", "от~10.03.2023~г. №~5"),
            ("(2023 г.)", "(2023~г.)"),
            ("2023 г.,", "2023~г.,"),
            ("2023 года", "2023 года"),
            ("2023г", "2023г"),
            ("2023 гг", "2023 гг"),
            // Rule 5: dashes.
            ("слово – слово", "слово~– слово"),
            ("слово — слово", "слово~— слово"),
            ("слово - слово", "слово~- слово"),
            ("(далее – ШНОР)", "(далее~– ШНОР)"),
            ("2023 – 2024", "2023~– 2024"),
            ("слово -", "слово -"),
            ("слово - «", "слово - «"),
            ("| - |", "| - |"),
            ("ГИА-9", "ГИА-9"),
            // Whitespace other than a single plain space is left alone.
            ("в  школе", "в  школе"),
            ("в\tшколе", "в\tшколе"),
            ("в\nшколе", "в\nшколе"),
            ("в \nшколе", "в \nшколе"),
            ("слово\n- пункт", "слово\n- пункт"),
            ("слово -\nслово", "слово -\nслово"),
            (" в", " в"),
            ("в ", "в "),
            ("", ""),
            // Quotes are untouched.
            ("\"кавычки\" и «ёлочки»", "\"кавычки\" и~«ёлочки»"),
        ];
        assert!(rows.len() >= 30);
        for (input, expected) in rows {
            let input = input.replace('~', "\u{a0}");
            let output = typograph(&input);
            assert_eq!(show(&output), *expected, "typograph({input:?})");
            assert_eq!(typograph(&output), output, "idempotent on {input:?}");
        }
    }

    /// The only change is a plain space becoming NBSP, at the same place.
    fn assert_only_spaces_changed(input: &str, output: &str) {
        assert_eq!(input.chars().count(), output.chars().count());
        for (a, b) in input.chars().zip(output.chars()) {
            assert!(a == b || (a == ' ' && b == NBSP), "{a:?} became {b:?}");
        }
    }

    #[test]
    fn seed_plans_are_idempotent_and_reversible() -> Result<(), Box<dyn std::error::Error>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut plans = 0;
        let mut nbsp_added = 0;
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry?;
            if entry.path().extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())?;
            plans += 1;
            let once = typograph(&text);
            assert_eq!(typograph(&once), once, "{}", entry.path().display());
            assert_only_spaces_changed(&text, &once);
            if !text.contains(NBSP) {
                assert_eq!(once.replace(NBSP, " "), text);
            }
            nbsp_added += once.matches(NBSP).count() - text.matches(NBSP).count();
        }
        assert_eq!(plans, 5);
        assert!(nbsp_added > 1000, "only {nbsp_added} NBSPs added");
        Ok(())
    }

    #[test]
    fn generated_text_is_idempotent_and_reversible() {
        let pieces = [
            "в",
            "на",
            "ШНОР",
            "Михайлюк",
            "Л.",
            "Г.",
            "Л.Г.",
            "Л.Г.,",
            "2023",
            "2022-2023",
            "г.",
            "гг.",
            "№",
            "§",
            "-",
            "–",
            "—",
            "«",
            "»",
            "(",
            ")",
            ",",
            "слово",
            "IT",
            "1",
            " ",
            "  ",
            "\u{a0}",
            "\n",
            "\t",
            "é",
            "𝔘",
            "",
        ];
        // A fixed linear congruential generator: reproducible, no dependency.
        let mut state: u64 = 0x2023_0310;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % bound
        };
        for _ in 0..3000 {
            let len = next(12);
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(pieces.get(next(pieces.len())).copied().unwrap_or_default());
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            let once = typograph(&text);
            assert_eq!(typograph(&once), once, "{text:?}");
            assert_only_spaces_changed(&text, &once);
        }
    }
}
