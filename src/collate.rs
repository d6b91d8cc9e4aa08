//! Russian alphabetical order for lists of districts, bodies, plans and
//! glossary terms.
//!
//! Comparing Rust strings orders by code point, which puts «Ё» (U+0401)
//! before «А» and «ё» (U+0451) after «я», and every capital before every
//! small letter. Readers expect the order of a Russian dictionary instead:
//! «Ё» right after «Е», case ignored, spaces and punctuation ignored, and
//! «ГИА-9» before «ГИА-11». This module gives that order without an ICU
//! dependency, which would be heavy for one alphabet.

use std::cmp::Ordering;

/// Weight of decimal digit `d` is `DIGIT + d`.
const DIGIT: u32 = 0x10;
/// A run of digits starts with `NUMBER_LENGTH + its length`, so that
/// shorter numbers (smaller, once leading zeros are dropped) sort first.
const NUMBER_LENGTH: u32 = 0x100;
/// Longest digit run whose length is told apart; longer runs compare as if
/// they had this length, then digit by digit.
const MAX_NUMBER_LENGTH: u32 = 0xE00;
/// Weight of the Russian letter at alphabet position `i` (а = 0, ё = 6,
/// я = 32) is `CYRILLIC + i`.
const CYRILLIC: u32 = 0x1000;
/// Weight of Latin letter `c` is `LATIN + (c - 'a')`.
const LATIN: u32 = 0x2000;
/// Any other letter or digit weighs `OTHER + its code point`.
const OTHER: u32 = 0x10_0000;

/// The first-level sort key of `text`.
///
/// Digits come first, then the Russian alphabet а…е ё ж…я, then Latin
/// a…z, then letters of other scripts by code point; case is folded, and
/// characters that are neither letters nor digits (spaces, punctuation,
/// «№», quotes) are skipped, so «ОО РПП» sorts between «ОО» and «ОУ».
///
/// A run of ASCII digits is one number: it is keyed by its length, then
/// its digits, with leading zeros dropped, so «2» < «10» as readers
/// expect for item numbers and school numbers.
pub fn sort_key(text: &str) -> Vec<u32> {
    let mut key = Vec::with_capacity(text.len());
    let mut number = String::new();
    for upper in text.chars() {
        for c in upper.to_lowercase() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            push_number(&mut number, &mut key);
            if let Some(weight) = letter_weight(c) {
                key.push(weight);
            }
        }
    }
    push_number(&mut number, &mut key);
    key
}

/// Compares two strings in Russian alphabetical order; strings with equal
/// keys («Е» and «е», «ОО-РПП» and «ОО РПП») are ordered by their raw
/// text, so that sorting is deterministic and stable across builds.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

/// Appends the pending digit run (if any) to `key` and clears it.
fn push_number(number: &mut String, key: &mut Vec<u32>) {
    if number.is_empty() {
        return;
    }
    let significant = number.trim_start_matches('0');
    // «0» and «000» are the number zero, written with one digit.
    let digits = if significant.is_empty() {
        "0"
    } else {
        significant
    };
    let length = u32::try_from(digits.len())
        .unwrap_or(MAX_NUMBER_LENGTH)
        .min(MAX_NUMBER_LENGTH);
    key.push(NUMBER_LENGTH + length);
    key.extend(
        digits
            .chars()
            .filter_map(|d| d.to_digit(10))
            .map(|d| DIGIT + d),
    );
    number.clear();
}

/// The weight of a lowercase character that is not an ASCII digit, or
/// `None` when the character is ignored at the first level.
fn letter_weight(c: char) -> Option<u32> {
    if let Some(position) = russian_position(c) {
        return Some(CYRILLIC + position);
    }
    if c.is_ascii_lowercase() {
        return Some(LATIN + (u32::from(c) - u32::from('a')));
    }
    if c.is_alphanumeric() {
        return Some(OTHER + u32::from(c));
    }
    None
}

/// Position of a lowercase Russian letter in the alphabet (а = 0, е = 5,
/// ё = 6, ж = 7, я = 32).
fn russian_position(c: char) -> Option<u32> {
    let offset = match c {
        'ё' => return Some(6),
        'а'..='я' => u32::from(c) - u32::from('а'),
        _ => return None,
    };
    // Letters after «е» move one place down to make room for «ё».
    Some(if offset > 5 { offset + 1 } else { offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn yo_comes_right_after_ye_with_ties_by_raw_text() {
        assert_eq!(
            sorted(&["Ж", "Ё", "Е", "Я", "А", "ё", "е"]),
            ["А", "Е", "е", "Ё", "ё", "Ж", "Я"]
        );
    }

    #[test]
    fn words_with_yo() {
        assert_eq!(compare("ЕГЭ", "ЁЖ"), Ordering::Less);
        assert_eq!(compare("ЁЖ", "ЖКХ"), Ordering::Less);
        assert_eq!(
            sorted(&["ёлка", "ель", "елка", "жук", "еж"]),
            ["еж", "елка", "ель", "ёлка", "жук"]
        );
    }

    #[test]
    fn spaces_and_punctuation_are_ignored_first() {
        assert_eq!(sorted(&["ОУ", "ОО РПП", "ОО"]), ["ОО", "ОО РПП", "ОУ"]);
        assert_eq!(
            sorted(&["ОО-РПП", "ОО РПП", "«ОО РПП»"]),
            ["«ОО РПП»", "ОО РПП", "ОО-РПП"]
        );
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(sort_key("ШНОР"), sort_key("шнор"));
        assert_eq!(sorted(&["шнор", "ЦОКО", "ИМЦ"]), ["ИМЦ", "ЦОКО", "шнор"]);
    }

    #[test]
    fn digits_then_cyrillic_then_latin_then_others() {
        assert_eq!(
            sorted(&["IT-куб", "Я", "2023", "Ω", "А", "zero", "Ёж"]),
            ["2023", "А", "Ёж", "Я", "IT-куб", "zero", "Ω"]
        );
    }

    #[test]
    fn numbers_sort_by_value() {
        assert_eq!(
            sorted(&["ГИА-11", "ГИА-9", "ГИА", "ГБОУ СОШ № 608", "ГБОУ СОШ № 36"]),
            ["ГБОУ СОШ № 36", "ГБОУ СОШ № 608", "ГИА", "ГИА-9", "ГИА-11"]
        );
        assert_eq!(
            sorted(&["10", "2", "1.10", "1.2", "007"]),
            ["1.2", "1.10", "2", "007", "10"]
        );
        assert_eq!(compare("0", "000"), Ordering::Less);
        assert_eq!(sort_key("0"), sort_key("000"));
    }

    #[test]
    fn the_whole_alphabet_is_in_order() {
        let alphabet: Vec<char> = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя".chars().collect();
        let keys: Vec<Vec<u32>> = alphabet.iter().map(|c| sort_key(&c.to_string())).collect();
        assert!(
            keys.windows(2).all(|w| matches!(w, [a, b] if a < b)),
            "{keys:?}"
        );
        assert_eq!(keys.len(), 33);
    }

    #[test]
    fn odd_input_does_not_panic_and_is_total() {
        let words = [
            "",
            " ",
            "—",
            "№",
            "İ",
            "ǅ",
            "𝔘",
            "٣",
            "9".repeat(5000).as_str(),
        ]
        .map(str::to_string);
        for a in &words {
            for b in &words {
                assert_eq!(compare(a, b), compare(b, a).reverse());
            }
        }
    }
}
