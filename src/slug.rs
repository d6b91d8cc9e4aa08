//! URL slugs for Russian titles and names.
//!
//! Page addresses must be plain ASCII so that they survive every hosting
//! panel, FTP client and CMS a webmaster uploads through, and so that a
//! link copied into a Word document stays readable. Russian is therefore
//! transliterated by the table of Russian passports (Приказ МВД России
//! № 889, 2013, which follows ICAO Doc 9303): it is the spelling readers
//! already know from their own passports, and it is one-to-one enough
//! that «Щёкино» reads back as «shchekino», not as «schekino» or «sxekino».

/// Longest slug, in bytes (slugs are ASCII, so also in characters).
///
/// Long official titles would otherwise make addresses that no one can
/// read or type; 80 keeps a whole district or plan name in most cases.
const MAX_SLUG_LEN: usize = 80;

/// The passport spelling of one lowercase Cyrillic letter, or `None` when
/// the character is not Cyrillic.
///
/// Besides the Russian alphabet, the few Ukrainian and Belarusian letters
/// of the same ICAO table are included, so that a place name in those
/// languages does not lose letters.
fn cyrillic_letter(c: char) -> Option<&'static str> {
    let latin = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "iu",
        'я' => "ia",
        // ICAO Doc 9303 letters of Ukrainian and Belarusian.
        'і' | 'ї' => "i",
        'є' => "ie",
        'ґ' => "g",
        'ў' => "u",
        _ => return None,
    };
    Some(latin)
}

/// Transliterates Russian text into lowercase Latin letters by the
/// passport table; every other character is kept, lowercased.
///
/// The output is lowercase because its only use is building slugs and
/// search keys, where case carries no meaning.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for upper in text.chars() {
        for c in upper.to_lowercase() {
            match cyrillic_letter(c) {
                Some(latin) => out.push_str(latin),
                None => out.push(c),
            }
        }
    }
    out
}

/// Makes a URL slug: lowercase ASCII letters, digits and single hyphens.
///
/// Everything that is not an ASCII letter or digit after transliteration
/// (spaces, punctuation, «ёлочки», «№», letters of other scripts) becomes a
/// separator, and separators collapse into one hyphen, so «№ 36, «Кластер»»
/// gives «36-klaster». A slug longer than 80 characters is cut at a hyphen
/// when there is one, so that no word is cut in half. Empty or
/// all-punctuation input gives an empty string: only the caller knows what
/// to use instead (a number, a file name).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in transliterate(text).chars() {
        let mut buf = [0; 4];
        // `transliterate` has already lowercased every letter.
        let piece: Option<&str> = if c.is_ascii_alphanumeric() {
            Some(c.encode_utf8(&mut buf))
        } else {
            latin_base(c)
        };
        match piece {
            // A combining accent (as in a decomposed «й» or «İ» lowercased)
            // belongs to the letter before it: it must not split the word.
            None if is_combining_mark(c) => {}
            Some(letters) => {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push_str(letters);
            }
            None => pending_hyphen = true,
        }
    }
    shorten(slug)
}

/// Whether `c` is a combining diacritical mark (U+0300–U+036F).
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The base letters of a lowercase Latin-1 letter with a diacritic.
///
/// Names of foreign partners and programmes («Café», «Müller») keep their
/// letters in the slug instead of being split at every accent.
fn latin_base(c: char) -> Option<&'static str> {
    let base = match c {
        'à'..='å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è'..='ë' => "e",
        'ì'..='ï' => "i",
        'ð' => "d",
        'ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'ù'..='ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'þ' => "th",
        _ => return None,
    };
    Some(base)
}

/// Cuts an ASCII slug to `MAX_SLUG_LEN`, at a hyphen when possible.
fn shorten(slug: String) -> String {
    if slug.len() <= MAX_SLUG_LEN {
        return slug;
    }
    // Only ASCII reaches here, but taking characters keeps this safe even
    // if that ever changes.
    let head: String = slug.chars().take(MAX_SLUG_LEN).collect();
    let cut_at_boundary = slug.chars().nth(MAX_SLUG_LEN) == Some('-');
    let kept = if cut_at_boundary {
        head.as_str()
    } else {
        match head.rfind('-') {
            Some(hyphen) => head.get(..hyphen).unwrap_or(head.as_str()),
            None => head.as_str(),
        }
    };
    kept.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_passport_table() {
        let cases = [
            ("Василеостровский район", "vasileostrovskii-raion"),
            ("Щёкино", "shchekino"),
            ("ШНОР", "shnor"),
            ("СПб АППО", "spb-appo"),
            ("ОО РПП", "oo-rpp"),
            ("Подъезд", "podieezd"),
            ("ГИА-9 2023", "gia-9-2023"),
            ("№ 36, «Кластер»", "36-klaster"),
            ("Ёлки", "elki"),
            ("Объём", "obieem"),
            ("Мальчик", "malchik"),
            ("Хабаровск", "khabarovsk"),
            ("Цой", "tsoi"),
            ("Юрий", "iurii"),
            ("Ярославль", "iaroslavl"),
            ("Электросталь", "elektrostal"),
            ("Жуковский", "zhukovskii"),
            ("Чебоксары", "cheboksary"),
            ("Кировский район", "kirovskii-raion"),
            ("Ливенский", "livenskii"),
            ("Центр «IT-куб»", "tsentr-it-kub"),
            ("  --Пробелы  по краям--  ", "probely-po-kraiam"),
            (
                "План на 2019-2020 учебный год",
                "plan-na-2019-2020-uchebnyi-god",
            ),
            ("Café Müller", "cafe-muller"),
            ("Йошкар-Ола", "ioshkar-ola"),
            ("Decomposed и\u{306}од", "decomposed-iod"),
            ("", ""),
            ("«»—…", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(slugify(text), expected, "slugify({text:?})");
        }
    }

    #[test]
    fn transliteration_lowercases_and_keeps_the_rest() {
        assert_eq!(transliterate("Щёкино, ГИА-9!"), "shchekino, gia-9!");
        assert_eq!(transliterate("Семья"), "semia");
        assert_eq!(transliterate("Київ"), "kiiv");
    }

    #[test]
    fn long_slugs_are_cut_at_a_hyphen() {
        let title = "План мероприятий по работе с государственными общеобразовательными \
                     организациями Кировского района Санкт-Петербурга";
        let slug = slugify(title);
        assert!(slug.len() <= MAX_SLUG_LEN, "{slug}");
        assert_eq!(
            slug,
            "plan-meropriiatii-po-rabote-s-gosudarstvennymi-obshcheobrazovatelnymi"
        );
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn a_cut_exactly_at_a_hyphen_keeps_the_whole_word() {
        let word = "a".repeat(MAX_SLUG_LEN);
        let slug = slugify(&format!("{word} b"));
        assert_eq!(slug, word);
    }

    #[test]
    fn one_long_word_is_cut_hard() {
        let slug = slugify(&"ж".repeat(100));
        assert_eq!(slug, "zh".repeat(MAX_SLUG_LEN / 2));
    }

    #[test]
    fn every_slug_is_clean_ascii() {
        let inputs = ["Ω ≠ ∞", "a\u{a0}b\tc\nd", "x—y–z", "𝔘𝔫𝔦", "ǅemal İstanbul"];
        for text in inputs {
            let slug = slugify(text);
            assert!(
                slug.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug:?}"
            );
            assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}
