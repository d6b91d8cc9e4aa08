//! Short names a document defines for itself: «Министерство образования
//! Новосибирской области (далее – МО НСО)», «… программа (далее —
//! Программа)», «далее «Положение»».
//!
//! The short name is easy to find; where its full form starts is not
//! written anywhere, so it is judged from the words before the definition,
//! within the sentence (at most `WINDOW` words back):
//!
//! - a short name in capitals («МО НСО», «СПб АППО») starts at the nearest
//!   word with its first letter, among the last `2k + 2` words for a name
//!   of `k` letters, whose following words' initials spell the name (all
//!   its letters in order; a name of three letters or more may miss one:
//!   «Новосибирской области» gives «НСО» no «С»). So «Муниципальное
//!   бюджетное учреждение «Методический центр» (далее – МБУ «МЦ»)» starts
//!   at «Муниципальное», not at «Методический»;
//! - a word («Министерство», «Программа») starts at the nearest word with
//!   the same stem, in any case («Министерству образования … (далее –
//!   Министерство)»).
//!
//! Only names are taken: a short name that starts with a capital letter
//! («МО НСО», «Министерство»), not a common word («(далее – мероприятия)»),
//! for the district's glossary marks the term in every plan of it.
//!
//! When no word fits an acronym («…организаций, имеющих низкие
//! результаты (далее – ШНОР)»), its last `APPROXIMATE` words are taken with
//! «…» before them and the definition is marked inexact; a word whose stem
//! does not occur is not taken at all (the abbreviation check then asks for
//! a glossary entry). `check` shows every full form it took (a note), and
//! an entry in `district.yaml` overrides it.

/// A short name defined in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub term: String,
    /// The full form as written before the definition (Markdown source).
    pub full: String,
    /// Byte range of the term in the text.
    pub start: usize,
    pub end: usize,
    /// Whether the full form's start was found; if not, `full` holds the
    /// words before the definition, after «…».
    pub exact: bool,
}

/// How far back a full form may start.
const WINDOW: usize = 25;

/// How many words an inexact full form keeps.
const APPROXIMATE: usize = 10;

/// The longest short name taken: longer text in brackets after «далее» is
/// an explanation, not a name.
const MAX_TERM_WORDS: usize = 5;

/// Every definition in `text`, in order.
pub fn find(text: &str) -> Vec<Definition> {
    text.char_indices()
        .filter(|&(at, c)| matches!(c, 'д' | 'Д') && starts_with_folded(&text[at..], "далее"))
        .filter_map(|(at, _)| definition_at(text, at))
        .collect()
}

/// Whether `text` starts with `lower` in any letter case.
fn starts_with_folded(text: &str, lower: &str) -> bool {
    let mut chars = text.chars().flat_map(char::to_lowercase);
    lower.chars().all(|c| chars.next() == Some(c))
}

/// The definition whose «далее» stands at byte `at`.
fn definition_at(text: &str, at: usize) -> Option<Definition> {
    let before = &text[..at];
    let opens = before.trim_end().ends_with('(');
    let word_start = before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    if !word_start {
        return None;
    }
    let (start, end) = term_range(text, at + "далее".len(), opens)?;
    let term = text[start..end].trim();
    let words = term.split_whitespace().count();
    // A name, not a common word: «(далее – мероприятия)» would mark every
    // «мероприятия» of the district.
    if term.is_empty() || words > MAX_TERM_WORDS || !term.starts_with(char::is_uppercase) {
        return None;
    }
    let clause_end = if opens {
        before.trim_end().strip_suffix('(')?.trim_end().len()
    } else {
        before
            .trim_end()
            .trim_end_matches([',', '('])
            .trim_end()
            .len()
    };
    let (full, exact) = full_form(&text[..clause_end], term)?;
    let full = without_definitions(full);
    Some(Definition {
        term: term.to_string(),
        full: if exact { full } else { format!("…{full}") },
        start,
        end,
        exact,
    })
}

/// Where the short name stands after «далее»: past «по тексту», «также»,
/// «именуемый», a dash; up to the closing bracket, or inside «…» quotes.
fn term_range(text: &str, from: usize, in_brackets: bool) -> Option<(usize, usize)> {
    let mut pos = from;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || "-–—‒:".contains(c));
        let skip = ["по тексту", "также", "именуем"]
            .iter()
            .find(|w| starts_with_folded(trimmed, w));
        pos = text.len() - trimmed.len();
        match skip {
            Some(word) => {
                let after = &text[pos + word.len()..];
                let word_rest = after
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(after.len());
                pos += word.len() + word_rest;
            }
            None => break,
        }
    }
    let rest = &text[pos..];
    if let Some(inner) = rest.strip_prefix('«') {
        let close = inner.find('»')?;
        let start = pos + '«'.len_utf8();
        // «(далее – «Программа»)»: the quotes are not part of the name.
        return Some((start, start + close));
    }
    if !in_brackets {
        return None;
    }
    let close = rest.find([')', '\n'])?;
    let term = rest[..close].trim_end();
    (rest.as_bytes().get(close) == Some(&b')')).then_some((pos, pos + term.len()))
}

/// The full form that ends `clause` and that `term` stands for, and
/// whether its start was found.
fn full_form<'a>(clause: &'a str, term: &str) -> Option<(&'a str, bool)> {
    let sentence_start = sentence_start(clause);
    let words: Vec<(usize, &str)> = word_starts(clause, sentence_start);
    let window = words.len().saturating_sub(WINDOW);
    let words = &words[window..];
    let capitals = term.chars().filter(|c| c.is_uppercase()).count();
    let is_acronym = capitals >= 2 && term.chars().filter(|c| c.is_lowercase()).count() <= capitals;
    let (start, exact) = if is_acronym {
        match acronym_start(words, term) {
            Some(start) => (start, true),
            None => {
                let last = words.get(words.len().saturating_sub(APPROXIMATE))?;
                (last.0, false)
            }
        }
    } else {
        let stem = stem(term.split_whitespace().next()?);
        let found = words
            .iter()
            .rev()
            .find(|w| stem_of(w.1).is_some_and(|s| s == stem));
        (found?.0, true)
    };
    let full = balance_quotes(clause[start..].trim());
    let full = full.trim_start_matches([',', ';', ' ']);
    (full.split_whitespace().count() >= 2 && full != term).then_some((full, exact))
}

/// Where the full form of an acronym starts among `words` (see the module
/// comment), as a byte offset.
fn acronym_start(words: &[(usize, &str)], term: &str) -> Option<usize> {
    let letters: Vec<char> = term
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let first = *letters.first()?;
    let near = words.len().saturating_sub(2 * letters.len() + 2);
    let needed = if letters.len() <= 2 {
        letters.len()
    } else {
        letters.len() - 1
    };
    let initials = |from: usize| -> Vec<char> {
        words[from..]
            .iter()
            .flat_map(|w| w.1.split('-'))
            .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
            .flat_map(char::to_lowercase)
            .collect()
    };
    (near..words.len())
        .rev()
        .filter(|&i| initials(i).first() == Some(&first))
        .find(|&i| spelled(&letters, &initials(i)) >= needed)
        .map(|i| words[i].0)
}

/// How many of `letters`, in order, the `initials` spell (a letter not
/// found is skipped).
fn spelled(letters: &[char], initials: &[char]) -> usize {
    let mut pos = 0;
    let mut count = 0;
    for letter in letters {
        if let Some(found) = initials[pos..].iter().position(|c| c == letter) {
            pos += found + 1;
            count += 1;
        }
    }
    count
}

/// A full form without the definitions inside it: «Программа … организаций,
/// имеющих низкие результаты (далее – ШНОР), на 2023 год (далее –
/// Программа)» stands for the title without «(далее – ШНОР)».
fn without_definitions(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut rest = full;
    while let Some(open) = rest.find("(далее") {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        out.push_str(rest[..open].trim_end());
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Drops a quote mark left without its pair at either end: the full form of
/// «… учреждение «Методический центр»» may start inside the quotes.
fn balance_quotes(full: &str) -> &str {
    let opens = full.matches('«').count();
    let closes = full.matches('»').count();
    let quoted_whole = full.strip_prefix('«').and_then(|f| f.strip_suffix('»'));
    if let (Some(inner), 1, 1) = (quoted_whole, opens, closes) {
        // «Управление образования …» (далее – Управление образования)
        return inner;
    }
    if opens > closes {
        full.strip_prefix('«').unwrap_or(full)
    } else if closes > opens {
        full.strip_suffix('»').unwrap_or(full)
    } else {
        full
    }
}

/// Where the sentence holding the end of `clause` starts: after a full
/// stop followed by a capital, a semicolon, a colon or a line break. A
/// full stop after an initial or a short abbreviation («им. А.С. Пушкина»,
/// «г. Тверь») ends nothing. Only the last `LOOK_BACK` bytes are read: the
/// full form lies within `WINDOW` words anyway.
fn sentence_start(clause: &str) -> usize {
    let mut from = clause.len().saturating_sub(LOOK_BACK);
    while !clause.is_char_boundary(from) {
        from += 1;
    }
    let mut start = from;
    let chars: Vec<(usize, char)> = clause[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next_is_capital = chars
            .get(k + 1..)
            .and_then(|rest| rest.iter().find(|(_, c)| !c.is_whitespace()))
            .is_some_and(|(_, c)| c.is_uppercase());
        let ends = matches!(c, ';' | ':' | '\n')
            || (c == '.' && next_is_capital && !after_abbreviation(&clause[..i]));
        if ends {
            start = i + c.len_utf8();
        }
    }
    start
}

/// How far back a sentence start is looked for.
const LOOK_BACK: usize = 2000;

/// Whether the text before a full stop ends in an initial or a short
/// abbreviation that takes a full stop («А.», «им.», «г.», «ул.», «обл.»).
fn after_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    let short = word.chars().count() <= 2;
    !word.is_empty() && (short || matches!(word.as_str(), "обл" | "пос" | "стр" | "тел" | "просп"))
}

/// The words of `clause` from byte `from`, with their byte offsets.
fn word_starts(clause: &str, from: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut word_start = None;
    for (i, c) in clause[from..].char_indices() {
        let i = from + i;
        match (c.is_whitespace(), word_start) {
            (true, Some(s)) => {
                out.push((s, &clause[s..i]));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = word_start {
        out.push((s, &clause[s..]));
    }
    out
}

/// A word's stem for comparing case forms: its first five letters, lower
/// case («Министерству» and «Министерство» share «минис»).
fn stem(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .take(5)
        .collect()
}

/// The stem of a word of the text, if it is long enough to compare.
fn stem_of(word: &str) -> Option<String> {
    let s = stem(word);
    (s.chars().count() >= 4).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .filter(|d| d.exact)
            .map(|d| {
                assert_eq!(&text[d.start..d.end], d.term);
                (d.term, d.full)
            })
            .collect()
    }

    fn pair(term: &str, full: &str) -> (String, String) {
        (term.to_string(), full.to_string())
    }

    #[test]
    fn dashes_quotes_and_set_phrases() {
        let cases = [
            (
                "Министерство образования Новосибирской области (далее – МО НСО) организует",
                pair("МО НСО", "Министерство образования Новосибирской области"),
            ),
            (
                "Санкт-Петербургская академия постдипломного педагогического образования (далее - СПб АППО)",
                pair("СПб АППО", "Санкт-Петербургская академия постдипломного педагогического образования"),
            ),
            (
                "создать Центр непрерывного повышения профессионального мастерства (далее — ЦНППМ).",
                pair("ЦНППМ", "Центр непрерывного повышения профессионального мастерства"),
            ),
            (
                "утвердить муниципальную программу «Школа возможностей» (далее «Программа»)",
                pair("Программа", "программу «Школа возможностей»"),
            ),
            (
                "Министерство образования и науки Республики Татарстан (далее по тексту – МОиН РТ)",
                pair("МОиН РТ", "Министерство образования и науки Республики Татарстан"),
            ),
            (
                "Муниципальное бюджетное учреждение «Методический центр» (далее – МБУ «МЦ»)",
                pair("МБУ «МЦ»", "Муниципальное бюджетное учреждение «Методический центр»"),
            ),
            (
                "В целях исполнения приказа, Министерству образования Тверской области (далее также – Министерство) обеспечить",
                pair("Министерство", "Министерству образования Тверской области"),
            ),
            (
                "Положение о методическом совете, далее «Положение», вступает",
                pair("Положение", "Положение о методическом совете"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(defined(text), vec![expected], "{text}");
        }
    }

    #[test]
    fn a_sentence_ends_after_a_bracket() {
        let text = "Программа сопровождения (далее – Программа). Институт развития образования (далее – ИРО)";
        assert_eq!(
            defined(text),
            vec![
                pair("Программа", "Программа сопровождения"),
                pair("ИРО", "Институт развития образования"),
            ]
        );
    }

    #[test]
    fn initials_and_abbreviations_do_not_end_a_sentence() {
        let text = "МБОУ «Гимназия им. А.С. Пушкина» (далее – Гимназия) проводит";
        assert_eq!(
            defined(text),
            vec![pair("Гимназия", "Гимназия им. А.С. Пушкина")]
        );
    }

    #[test]
    fn the_nearest_start_that_spells_the_acronym_wins() {
        let text = "В соответствии с методическими рекомендациями органов надзора в сфере образования Министерство образования Новосибирской области (далее – МО НСО)";
        assert_eq!(
            defined(text),
            vec![pair(
                "МО НСО",
                "Министерство образования Новосибирской области"
            )]
        );
    }

    #[test]
    fn any_letter_case_and_any_text_around() {
        // Letters whose lower case is longer or shorter in bytes.
        assert_eq!(find("İ далее ẞ"), vec![]);
        let text = "Институт развития образования (ДАЛЕЕ – ИРО)";
        assert_eq!(
            defined(text),
            vec![pair("ИРО", "Институт развития образования")]
        );
        let text = "Министерство образования (далее –  Министерство  )";
        assert_eq!(
            defined(text),
            vec![pair("Министерство", "Министерство образования")]
        );
    }

    #[test]
    fn the_full_form_stays_within_its_sentence() {
        let text = "Приказ издан. Институт развития образования (далее – ИРО) проводит курсы.";
        assert_eq!(
            defined(text),
            vec![pair("ИРО", "Институт развития образования")]
        );
        let text = "Отчёт о работе: Комитет по образованию (далее – Комитет) готовит";
        assert_eq!(
            defined(text),
            vec![pair("Комитет", "Комитет по образованию")]
        );
    }

    #[test]
    fn what_is_not_a_definition() {
        for text in [
            // no full form that fits the name
            "курсы (далее – КПК)",
            "и далее ежегодно",
            "(далее по тексту)",
            "до 1 октября, далее – по мере необходимости",
            // an explanation, not a name
            "план (далее – по итогам мониторинга будет уточнён в части сроков и исполнителей)",
            // «далее» inside a word
            "отдалее (далее",
            "",
            // a common word, not a name
            "мероприятия по подготовке к ГИА (далее – мероприятия)",
        ] {
            assert_eq!(find(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_definition_inside_a_full_form_is_left_out() {
        let text = "Программа сопровождения организаций, имеющих низкие результаты (далее – ШНОР), на 2023 год (далее – Программа)";
        let found = defined(text);
        assert_eq!(
            found.last(),
            Some(&pair(
                "Программа",
                "Программа сопровождения организаций, имеющих низкие результаты, на 2023 год"
            ))
        );
    }

    #[test]
    fn an_acronym_no_word_spells_keeps_the_words_before_it() {
        let text = "Программа сопровождения государственных общеобразовательных организаций Красносельского района, имеющих низкие образовательные результаты обучающихся (далее – ШНОР)";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert!(!found[0].exact);
        assert_eq!(found[0].term, "ШНОР");
        assert_eq!(
            found[0].full,
            "…государственных общеобразовательных организаций Красносельского района, имеющих низкие образовательные результаты обучающихся"
        );
    }

    #[test]
    fn several_definitions_in_one_text() {
        let text = "Министерство образования (далее – Министерство) и Институт развития образования (далее – ИРО)";
        assert_eq!(
            defined(text),
            vec![
                pair("Министерство", "Министерство образования"),
                pair("ИРО", "Институт развития образования"),
            ]
        );
    }
}
