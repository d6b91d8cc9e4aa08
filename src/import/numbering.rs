//! Word's automatic numbering, replayed: «2.3.1» is not in a document's
//! text, Word computes it from `word/numbering.xml` each time it shows the
//! document, and so must an importer.
//!
//! A paragraph names a list (`numId`) and a level (`ilvl`). The list points
//! to an abstract definition holding each level's start value, format
//! (`decimal`, `upperRoman`, `russianLower`, `bullet`…) and text pattern
//! («%1.%2.»). Lists that share an abstract definition share its counters,
//! as in Word, unless a list restarts a level (`startOverride`). Taking a
//! level resets the levels below it.

use std::collections::HashMap;

/// How a level's counter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    RussianUpper,
    RussianLower,
    Bullet,
    None,
}

impl Format {
    /// The `w:numFmt` value; what Vekha does not know is written in digits.
    pub fn parse(value: &str) -> Format {
        match value {
            "decimalZero" => Format::DecimalZero,
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "russianUpper" => Format::RussianUpper,
            "russianLower" => Format::RussianLower,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            _ => Format::Decimal,
        }
    }

    fn write(self, n: u32) -> String {
        match self {
            Format::Decimal | Format::Bullet => n.to_string(),
            Format::DecimalZero => format!("{n:02}"),
            Format::UpperRoman => roman(n),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::UpperLetter => letters(n, 'A', 26),
            Format::LowerLetter => letters(n, 'a', 26),
            Format::RussianUpper => russian(n).to_uppercase(),
            Format::RussianLower => russian(n),
            Format::None => String::new(),
        }
    }
}

/// One level of an abstract numbering definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub start: u32,
    pub format: Format,
    /// «%1.%2.»: `%k` stands for the counter of level k (1-based).
    pub text: String,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: Format::Decimal,
            text: String::new(),
        }
    }
}

/// A list (`w:num`): its abstract definition and the levels it restarts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    pub abstract_id: String,
    /// Level → start value from `w:lvlOverride/w:startOverride`.
    pub restarts: Vec<(usize, u32)>,
}

/// The lists of a document and the counters while it is read in order.
#[derive(Debug, Default)]
pub struct Numbering {
    pub abstracts: HashMap<String, Vec<Level>>,
    pub lists: HashMap<String, List>,
    /// Abstract id → the counter of each level (`None`: not yet taken).
    counters: HashMap<String, Vec<Option<u32>>>,
    /// Lists whose restarts have been applied.
    started: std::collections::HashSet<String>,
}

/// Word has nine levels.
const LEVELS: usize = 9;

/// Word counts to 32767.
const MAX_VALUE: u32 = 32_767;

/// The longest label kept.
const MAX_LABEL: usize = 40;

/// What a numbered paragraph shows before its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Number(String),
    Bullet,
}

impl Numbering {
    /// The label of the next paragraph of list `num_id` at level `level`,
    /// advancing the counters; `None` for a list that does not exist (Word
    /// shows no number then) or a level with no text.
    pub fn next(&mut self, num_id: &str, level: usize) -> Option<Label> {
        self.next_from(num_id, level, None)
    }

    /// As `next`, but an item that restarts its level (`restart`) takes
    /// that value whatever the counter says.
    pub fn next_from(&mut self, num_id: &str, level: usize, restart: Option<u32>) -> Option<Label> {
        let list = self.lists.get(num_id)?;
        let levels = self.abstracts.get(&list.abstract_id)?;
        let level = level.min(LEVELS - 1);
        let counters = self
            .counters
            .entry(list.abstract_id.clone())
            .or_insert_with(|| vec![None; LEVELS]);
        if self.started.insert(num_id.to_string()) {
            for &(restarted, _) in &list.restarts {
                if let Some(counter) = counters.get_mut(restarted) {
                    *counter = None;
                }
            }
        }
        let start_of = |k: usize| {
            let restart = list.restarts.iter().find(|(l, _)| *l == k).map(|&(_, s)| s);
            let start = restart.unwrap_or_else(|| levels.get(k).map_or(1, |l| l.start));
            start.min(MAX_VALUE)
        };
        let current = counters.get(level).copied().flatten();
        let value = match restart {
            Some(value) => value.min(MAX_VALUE),
            None => current.map_or_else(|| start_of(level), |n| n.saturating_add(1).min(MAX_VALUE)),
        };
        if let Some(counter) = counters.get_mut(level) {
            *counter = Some(value);
        }
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let this = levels.get(level).cloned().unwrap_or_default();
        if this.format == Format::Bullet {
            return Some(Label::Bullet);
        }
        let value_at = |k: usize| {
            counters
                .get(k)
                .copied()
                .flatten()
                .unwrap_or_else(|| start_of(k))
        };
        let text = expand(&this.text, |k| {
            let format = levels.get(k).map_or(Format::Decimal, |l| l.format);
            format.write(value_at(k))
        });
        // A label is a number, not a text: a broken file's long pattern is
        // not copied into every paragraph.
        let text: String = text.chars().take(MAX_LABEL).collect();
        (!text.trim().is_empty()).then_some(Label::Number(text))
    }
}

/// «%1.%2.» with each `%k` replaced by `write(k - 1)`.
fn expand(pattern: &str, write: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('%', Some(digit @ 1..=9)) => {
                chars.next();
                out.push_str(&write(digit as usize - 1));
            }
            _ => out.push(c),
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// «a … z, aa … zz, …»: Word repeats the letter after the alphabet ends.
fn letters(n: u32, first: char, count: u32) -> String {
    let n = n.max(1) - 1;
    let letter = char::from_u32(first as u32 + n % count).unwrap_or(first);
    std::iter::repeat_n(letter, (n / count + 1) as usize).collect()
}

/// Word's Russian letter numbering: «а, б, в, …», without «ё», «й», «ъ»,
/// «ы», «ь», then doubled like Latin letters.
fn russian(n: u32) -> String {
    const ALPHABET: &str = "абвгдежзиклмнопрстуфхцчшщэюя";
    let letters: Vec<char> = ALPHABET.chars().collect();
    let count = letters.len() as u32;
    let n = n.max(1) - 1;
    let letter = letters.get((n % count) as usize).copied().unwrap_or('а');
    std::iter::repeat_n(letter, (n / count + 1) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(start: u32, format: Format, text: &str) -> Level {
        Level {
            start,
            format,
            text: text.to_string(),
        }
    }

    fn numbering() -> Numbering {
        let mut n = Numbering::default();
        n.abstracts.insert(
            "0".into(),
            vec![
                level(1, Format::Decimal, "%1."),
                level(1, Format::Decimal, "%1.%2."),
                level(1, Format::Decimal, "%1.%2.%3."),
            ],
        );
        n.abstracts.insert(
            "1".into(),
            vec![
                level(1, Format::UpperRoman, "%1."),
                level(1, Format::Bullet, ""),
            ],
        );
        n.lists.insert(
            "1".into(),
            List {
                abstract_id: "0".into(),
                restarts: Vec::new(),
            },
        );
        // A second list on the same definition continues it…
        n.lists.insert(
            "2".into(),
            List {
                abstract_id: "0".into(),
                restarts: Vec::new(),
            },
        );
        // …unless it restarts a level.
        n.lists.insert(
            "3".into(),
            List {
                abstract_id: "0".into(),
                restarts: vec![(0, 5)],
            },
        );
        n.lists.insert(
            "4".into(),
            List {
                abstract_id: "1".into(),
                restarts: Vec::new(),
            },
        );
        n
    }

    fn number(n: &mut Numbering, list: &str, level: usize) -> String {
        match n.next(list, level) {
            Some(Label::Number(s)) => s,
            Some(Label::Bullet) => "•".into(),
            None => "-".into(),
        }
    }

    #[test]
    fn multi_level_numbers_reset_the_levels_below() {
        let mut n = numbering();
        let seen: Vec<String> = [(0, "1"), (1, "1"), (1, "1"), (2, "1"), (0, "1"), (1, "1")]
            .iter()
            .map(|&(level, list)| number(&mut n, list, level))
            .collect();
        assert_eq!(seen, ["1.", "1.1.", "1.2.", "1.2.1.", "2.", "2.1."]);
    }

    #[test]
    fn lists_share_counters_unless_they_restart() {
        let mut n = numbering();
        assert_eq!(number(&mut n, "1", 0), "1.");
        assert_eq!(number(&mut n, "2", 0), "2.");
        assert_eq!(number(&mut n, "3", 0), "5.");
        assert_eq!(number(&mut n, "3", 1), "5.1.");
        assert_eq!(number(&mut n, "1", 0), "6.");
    }

    #[test]
    fn formats_and_bullets() {
        let mut n = numbering();
        assert_eq!(number(&mut n, "4", 0), "I.");
        assert_eq!(number(&mut n, "4", 1), "•");
        assert_eq!(number(&mut n, "4", 0), "II.");
        assert_eq!(number(&mut n, "9", 0), "-");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(letters(28, 'a', 26), "bb");
        assert_eq!(russian(1), "а");
        assert_eq!(russian(10), "к");
        assert_eq!(Format::RussianUpper.write(3), "В");
        assert_eq!(Format::DecimalZero.write(7), "07");
        assert_eq!(expand("(%1)", |_| "4".into()), "(4)");
        assert_eq!(expand("100%", |_| "4".into()), "100%");
    }
}
