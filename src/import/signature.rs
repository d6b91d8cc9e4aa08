//! A signature under an order or a plan: a position and the name of the
//! one who signs, on one line («Начальник управления образования
//! <tab> В.М. Ревин»), on two lines one under the other, or in the two
//! cells of a borderless table. It becomes a ```signature block.

use serde_yaml::{Mapping, Value};

use super::docx::Table;
use crate::load::bodies::person_at_end;

/// Words a signer's position starts with.
const POSITIONS: &[&str] = &[
    "начальник",
    "заместитель",
    "первый заместитель",
    "директор",
    "председатель",
    "глава",
    "руководитель",
    "министр",
    "заведующ",
    "ректор",
    "исполняющ",
    "и.о.",
    "и. о.",
    "врио",
];

/// The most signatures under one text.
const MAX_SIGNATURES: usize = 3;

/// The most words a position has.
const MAX_POSITION_WORDS: usize = 16;

/// Whether `text` is a signer's position alone: short, starting with a
/// position word, not a sentence.
pub fn is_position(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let words = t.split_whitespace().count();
    (1..=MAX_POSITION_WORDS).contains(&words)
        && POSITIONS.iter().any(|p| t.starts_with(p))
        && !t.ends_with(['.', ';', ':'])
}

/// Whether `text` is a name alone («В.М. Ревин», «Ревин В.М.»).
pub fn is_name(text: &str) -> bool {
    person_at_end(text.trim()) == Some(0)
}

/// A position and a name on one line.
pub fn one_line(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let at = person_at_end(text).filter(|&at| at > 0)?;
    let position = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '_');
    is_position(position).then(|| (position.to_string(), text[at..].to_string()))
}

/// The signatures of a borderless table whose rows are each a position
/// and a name (in two cells, or on one line in one cell).
pub fn from_table(table: &Table) -> Option<Vec<(String, String)>> {
    // A table of many such rows is a list of people, not signatures.
    if table.rows.len() > MAX_SIGNATURES {
        return None;
    }
    let mut signatures = Vec::new();
    for row in &table.rows {
        let texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.text())
            .filter(|t| !t.trim().is_empty())
            .collect();
        let lines: Vec<String> = texts.iter().map(|t| t.replace('\n', " ")).collect();
        let signature = match lines.as_slice() {
            [one] => one_line(one)?,
            [position, name] if is_position(position) && is_name(name) => {
                (position.clone(), name.trim().to_string())
            }
            [] => continue,
            _ => return None,
        };
        signatures.push(signature);
    }
    (!signatures.is_empty()).then_some(signatures)
}

/// The ```signature block: one signature as a mapping, several as a list.
pub fn yaml(signatures: &[(String, String)]) -> Value {
    let one = |(position, name): &(String, String)| {
        let mut m = Mapping::new();
        m.insert("position".into(), super::source::escape(position).into());
        m.insert("name".into(), name.as_str().into());
        Value::Mapping(m)
    };
    match signatures {
        [single] => one(single),
        many => Value::Sequence(many.iter().map(one).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_names() {
        assert!(is_position("Начальник управления образования"));
        assert!(is_position("И.о. председателя комитета"));
        assert!(!is_position("Начальник управления обеспечит выполнение."));
        assert!(!is_position("Утвердить план"));
        assert!(is_name("В.М. Ревин"));
        assert!(is_name("Ревин В.М."));
        assert!(!is_name("Начальник В.М. Ревин"));
        assert_eq!(
            one_line("Начальник управления образования\t\t________ В.М. Ревин"),
            Some((
                "Начальник управления образования".to_string(),
                "В.М. Ревин".to_string()
            ))
        );
        assert_eq!(one_line("Контроль оставляю за собой В.М. Ревин"), None);
        assert_eq!(one_line("В.М. Ревин"), None);
    }
}
