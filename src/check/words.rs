//! Word-level checks on any text of a plan: Latin look-alike letters in
//! Russian words, and abbreviations with or without a glossary entry.
//!
//! These work on raw source text (Markdown included): a URL or a code span
//! holds Latin words that are not look-alikes of known names and no Cyrillic
//! capitals, so neither check fires on them.

use std::collections::HashSet;

/// A word-sized finding in a text: byte range and the words involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub found: String,
    /// The corrected form (look-alikes) or the word itself (abbreviations).
    pub fixed: String,
}

/// Cyrillic counterpart of a Latin letter that looks the same.
fn cyrillic_twin(c: char) -> Option<char> {
    let twin = match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        _ => return None,
    };
    Some(twin)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// Words: maximal runs of letters and digits, with byte ranges.
fn words(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (crate::typography::is_alnum(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), &text[s..]));
    }
    out
}

/// Replaces look-alike Latin letters with Cyrillic ones; `III` reads as `Ш`.
/// `None` if some Latin letter has no Cyrillic twin.
fn to_cyrillic(word: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("III") {
            out.push('Ш');
            rest = &rest[3..];
            continue;
        }
        if c.is_ascii_alphabetic() {
            out.push(cyrillic_twin(c)?);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

/// Latin look-alikes: inside Cyrillic words («AР»), whole Latin words that
/// spell a known name in Cyrillic («IIIHOP» → «ШНОР», «AP» → «АР»), and a
/// Latin «C» before a date («C 03.04.2023»). `known` holds body names and
/// glossary terms of the district.
pub fn lookalikes(text: &str, known: &HashSet<String>) -> Vec<Finding> {
    // Most texts have no Latin letter at all: nothing to look at.
    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let ws = words(text);
    let mut out = Vec::new();
    for (idx, &(start, end, word)) in ws.iter().enumerate() {
        let has_latin = word.chars().any(|c| c.is_ascii_alphabetic());
        if !has_latin {
            continue;
        }
        let has_cyrillic = word.chars().any(is_cyrillic);
        let fixed = to_cyrillic(word);
        let flag = match &fixed {
            Some(f) if has_cyrillic => f != word,
            Some(f) => {
                known.contains(f.as_str())
                    || ((word == "C" || word == "c") && next_is_number(&ws, idx, text))
            }
            None => false,
        };
        if flag {
            if let Some(f) = fixed {
                out.push(Finding {
                    start,
                    end,
                    found: word.to_string(),
                    fixed: f,
                });
            }
        }
    }
    out
}

fn next_is_number(ws: &[(usize, usize, &str)], idx: usize, text: &str) -> bool {
    let Some(&(next_start, _, next)) = ws.get(idx + 1) else {
        return false;
    };
    let between = &text[ws[idx].1..next_start];
    between.trim().is_empty() && next.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Words that look like abbreviations: Cyrillic words with at least two
/// capitals and more capitals than small letters («ШНОР», «СПбАППО»).
pub fn abbreviation_candidates(text: &str) -> Vec<(usize, usize, &str)> {
    words(text)
        .into_iter()
        .filter(|(_, _, w)| {
            let (mut upper, mut lower) = (0, 0);
            for c in w.chars() {
                if c.is_ascii_alphabetic() {
                    return false;
                }
                if crate::typography::is_upper(c) {
                    upper += usize::from(is_cyrillic(c));
                } else if crate::typography::is_lower(c) {
                    lower += 1;
                }
            }
            upper >= 2 && upper > lower
        })
        .collect()
}

/// [`Terms::occurrences`] of `terms` in one text (the tests' shorthand).
#[cfg(test)]
fn term_occurrences<'a>(text: &str, terms: &[&'a str]) -> Vec<(usize, usize, &'a str)> {
    Terms::new(terms).occurrences(text)
}

/// Glossary terms prepared once for matching many texts: one automaton
/// finds every occurrence of every term in a single reading of the text
/// (a district may have thousands of terms and a plan megabytes of prose).
pub struct Terms<'a> {
    terms: Vec<&'a str>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl<'a> Terms<'a> {
    pub fn new(terms: &[&'a str]) -> Terms<'a> {
        let terms: Vec<&'a str> = terms.iter().copied().filter(|t| !t.is_empty()).collect();
        // Building fails only past the crate's size limits; without an
        // automaton nothing is matched, which a check then reports.
        let automaton = aho_corasick::AhoCorasick::new(&terms).ok();
        Terms { terms, automaton }
    }

    /// Byte ranges where any term occurs as whole words, not overlapping.
    /// Terms are matched exactly (case matters: «ОО» is not «оо»). Every
    /// whole-word occurrence is a candidate; longer terms (then
    /// alphabetically first) claim their text first.
    pub fn occurrences(&self, text: &str) -> Vec<(usize, usize, &'a str)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<(usize, usize, &'a str)> = automaton
            .find_overlapping_iter(text)
            .filter(|m| whole_word(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), self.terms[m.pattern().as_usize()]))
            .collect();
        candidates.sort_by(|a, b| {
            b.2.len()
                .cmp(&a.2.len())
                .then(a.2.cmp(b.2))
                .then(a.0.cmp(&b.0))
        });
        // Taken ranges by start; they never overlap, so only the one that
        // starts last before a candidate's end can overlap it.
        let mut taken: std::collections::BTreeMap<usize, (usize, &'a str)> = Default::default();
        for (s, e, term) in candidates {
            let free = taken
                .range(..e)
                .next_back()
                .is_none_or(|(_, &(te, _))| te <= s);
            if free {
                taken.insert(s, (e, term));
            }
        }
        taken
            .into_iter()
            .map(|(s, (e, term))| (s, e, term))
            .collect()
    }
}

/// Whether `text[start..end]` stands as a whole word (no letter or digit
/// right before or after it).
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(crate::typography::is_alnum);
    !alnum(text[..start].chars().next_back()) && !alnum(text[end..].chars().next())
}

/// Abbreviation candidates of `text` that no glossary term covers (the
/// tests' shorthand for what the check does over a whole territory).
#[cfg(test)]
fn missing_abbreviations(
    text: &str,
    terms: &[&str],
    not_abbreviations: &HashSet<&str>,
) -> Vec<Finding> {
    let covered = term_occurrences(text, terms);
    uncovered_abbreviations(
        text,
        &covered,
        not_abbreviations,
        &OrdinaryWords::new([text]),
    )
}

/// Words of official acts set in capitals as form words or headings:
/// common enough to know by name (the shape rule in [`written_for_form`]
/// catches the longer ones).
const FORM_WORDS: &[&str] = &[
    "план",
    "график",
    "приказ",
    "решение",
    "отчет",
    "отчёт",
    "протокол",
    "паспорт",
    "карта",
    "дорожная",
    "программа",
    "положение",
    "порядок",
    "область",
    "района",
    "город",
    "министерство",
    "управление",
    "комитет",
    "администрация",
    "образования",
    "мероприятий",
    "приложение",
];

/// The words of some texts written in ordinary case (small letters, the
/// first may be a capital), lower-cased: a word that stands so somewhere
/// is a word, not an abbreviation, wherever it is set in capitals.
/// Gathered on the first question only: most districts never ask one,
/// and `check` runs on every build.
pub struct OrdinaryWords<'a> {
    texts: Vec<&'a str>,
    words: std::cell::OnceCell<HashSet<String>>,
}

impl<'a> OrdinaryWords<'a> {
    pub fn new(texts: impl IntoIterator<Item = &'a str>) -> OrdinaryWords<'a> {
        OrdinaryWords {
            texts: texts.into_iter().collect(),
            words: std::cell::OnceCell::new(),
        }
    }

    /// Whether the lower-cased `word` stands in ordinary case somewhere.
    fn contains(&self, word: &str) -> bool {
        self.words
            .get_or_init(|| {
                self.texts
                    .iter()
                    .flat_map(|t| words(t))
                    .filter(|(_, _, w)| {
                        w.chars().any(crate::typography::is_lower)
                            && !w.chars().skip(1).any(crate::typography::is_upper)
                    })
                    .map(|(_, _, w)| w.to_lowercase())
                    .collect()
            })
            .contains(word)
    }
}

/// Whether a capitalised `word` at `start` of `text` is a word set in
/// capitals rather than an abbreviation. Decided from its shape and its
/// surroundings, not from a list of every word: it is one of the
/// [`FORM_WORDS`]; or it is long (7 letters or more) with vowels in a
/// third of its letters and no small letter, as words are and initials
/// are not («УТВЕРЖДЕН», «ПРИКАЗЫВАЮ», but «ЦНППМПР», «СПбЦОКОиИТ» stay
/// abbreviations); or it
/// occurs elsewhere in ordinary case (`ordinary`, «Карта»); or it stands
/// in a line set in capitals, a heading or title («ПЛАН МЕРОПРИЯТИЙ …»).
fn written_for_form(word: &str, text: &str, start: usize, ordinary: &OrdinaryWords) -> bool {
    let lower = word.to_lowercase();
    // Short ones stay abbreviations though a word is spelt alike: «ДО»
    // (дошкольное образование) beside «до», «ПО» beside «по».
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if FORM_WORDS.contains(&lower.as_str()) || letters >= 5 && ordinary.contains(&lower) {
        return true;
    }
    if shaped_like_a_word(word) {
        return true;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    line_in_capitals(&text[line_start..line_end])
}

/// Seven letters or more, all capitals, a third of them vowels.
fn shaped_like_a_word(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let vowels = word
        .to_lowercase()
        .chars()
        .filter(|c| "аеёиоуыэюя".contains(*c))
        .count();
    let all_capitals = !word.chars().any(crate::typography::is_lower);
    all_capitals && letters >= 7 && vowels * 3 >= letters
}

/// A line that is a heading set in capitals: three words or more, nearly
/// all its letters capitals, and one of them a word by its shape (a line
/// of abbreviations alone, «ИМЦ, ЦОКО, ОО», is not a heading).
fn line_in_capitals(line: &str) -> bool {
    let ws = words(line);
    let long_words = ws.iter().filter(|(_, _, w)| w.chars().count() >= 2).count();
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(crate::typography::is_upper(c));
    }
    long_words >= 3 && upper * 10 >= letters * 9 && ws.iter().any(|(_, _, w)| shaped_like_a_word(w))
}

/// Abbreviation candidates of `text` outside the `covered` ranges (sorted
/// by start and not overlapping, as [`Terms::occurrences`] gives them),
/// leaving out words set in capitals for form (see [`written_for_form`];
/// `ordinary`: the district's texts).
pub fn uncovered_abbreviations(
    text: &str,
    covered: &[(usize, usize, &str)],
    not_abbreviations: &HashSet<&str>,
    ordinary: &OrdinaryWords,
) -> Vec<Finding> {
    let is_covered = |s: usize, e: usize| {
        let before = covered.partition_point(|&(cs, _, _)| cs <= s);
        before > 0 && e <= covered[before - 1].1
    };
    abbreviation_candidates(text)
        .into_iter()
        .filter(|(s, e, w)| {
            !not_abbreviations.contains(w)
                && !is_covered(*s, *e)
                && !written_for_form(w, text, *s, ordinary)
        })
        .map(|(start, end, w)| Finding {
            start,
            end,
            found: w.to_string(),
            fixed: w.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["АР", "ШНОР", "ИМЦ"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn latin_lookalikes_are_found_with_the_fix() {
        let f = lookalikes("AP, ИМЦ; работа со IIIHOP C 03.04.2023", &known());
        let pairs: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.found.as_str(), f.fixed.as_str()))
            .collect();
        assert_eq!(pairs, [("AP", "АР"), ("IIIHOP", "ШНОР"), ("C", "С")]);
    }

    #[test]
    fn mixed_script_words_are_found() {
        let text = "Мoниторинг";
        let f = lookalikes(text, &HashSet::new());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fixed, "Мониторинг");
        assert_eq!(&text[f[0].start..f[0].end], "Мoниторинг");
    }

    #[test]
    fn ordinary_latin_is_left_alone() {
        let text = "http://www.imc-kirov.spb.ru/index.php I. II. IV раздел, ВПР online";
        assert!(lookalikes(text, &known()).is_empty());
    }

    #[test]
    fn abbreviations_need_a_covering_term() {
        let terms = ["ОО", "ОО РПП", "СПб АППО", "ГИА"];
        let none = HashSet::new();
        let text = "ОО РПП и СПб АППО, ГИА-9, ЦОКО, СПбЦОКОиИТ; Кировский МКОУ";
        let missing: Vec<String> = missing_abbreviations(text, &terms, &none)
            .into_iter()
            .map(|f| f.found)
            .collect();
        assert_eq!(missing, ["ЦОКО", "СПбЦОКОиИТ", "МКОУ"]);
        let not: HashSet<&str> = ["МКОУ"].into_iter().collect();
        assert_eq!(missing_abbreviations(text, &terms, &not).len(), 2);
    }

    /// Headings, stamps and titles of real acts, written from memory:
    /// capitals there are form, not abbreviations; the abbreviations
    /// among them are still found.
    #[test]
    fn capitals_of_headings_and_stamps_are_not_abbreviations() {
        let text = "УТВЕРЖДЕН\nприказом комитета от 02.07.2019 N 241-р\n\n\
            ИМЦ, ЦОКО, ОО\nДО и ПО до конца года\n\
            ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА») ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ\n\n\
            ПРИКАЗЫВАЮ:\n1. Утвердить ПЛАН работы (далее — План).\n\n\
            СОГЛАСОВАНО\nДиректор ГАОУ ДПО ЛОИРО\n\n\
            Карта рисков ШНОР и ЦНППМПР; РЕШЕНИЕ ПРИНЯТО.\n\
            ПОСТАНОВЛЯЮ:\nМинистерство образования; ПРИЛОЖЕНИЕ № 2";
        let none = HashSet::new();
        let missing: Vec<String> = missing_abbreviations(text, &[], &none)
            .into_iter()
            .map(|f| f.found)
            .collect();
        assert_eq!(
            missing,
            [
                "ИМЦ",
                "ЦОКО",
                "ОО",
                "ДО",
                "ПО",
                "ГАОУ",
                "ДПО",
                "ЛОИРО",
                "ШНОР",
                "ЦНППМПР"
            ]
        );
    }

    #[test]
    fn longest_term_first_and_whole_words_only() {
        let occ = term_occurrences("ОО РПП и ОО, КИМов", &["ОО", "ОО РПП", "КИМ"]);
        let found: Vec<&str> = occ.iter().map(|o| o.2).collect();
        assert_eq!(found, ["ОО РПП", "ОО"]);
    }
}
