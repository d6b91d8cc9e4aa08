//! What a table column holds, from its header as real documents spell it:
//! «№», «№ п/п», «N п/п», «NN»; «Мероприятия», «Наименование мероприятия»,
//! «Содержание»; «Сроки», «Срок исполнения», «Период реализации», «Дата»;
//! «Ответственные», «Ответственный исполнитель/соисполнители»,
//! «Исполнители»; «Результат», «Ожидаемый результат», «Показатель»;
//! «Примечание». Any other header is a column of its own, keyed by its
//! transliteration.

use crate::model::ColumnKey;

/// The role of each header, in the document's column order. A role taken
/// by an earlier column makes a later one a column of its own.
pub fn roles(headers: &[String]) -> Vec<ColumnKey> {
    let mut taken: Vec<ColumnKey> = Vec::new();
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let key = match role(header) {
                Some(key) if !taken.contains(&key) => key,
                _ => own_key(header, i, &taken),
            };
            taken.push(key.clone());
            key
        })
        .collect()
}

/// The standard role a header names, if any.
pub fn role(header: &str) -> Option<ColumnKey> {
    // A header is a few words; a long text is a table's content (the first
    // row of a passport), whatever words it holds.
    if header.split_whitespace().count() > MAX_HEADER_WORDS {
        return None;
    }
    let h = fold(header);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| h.starts_with(p));
    let has = |parts: &[&str]| parts.iter().any(|p| h.contains(p));
    if starts(&["№", "n п/п", "nn", "n n", "п/п", "номер"]) || h == "n" {
        Some(ColumnKey::Number)
    } else if has(&["ответствен"]) || starts(&["исполнител", "соисполнител"])
    {
        Some(ColumnKey::Responsible)
    } else if has(&["срок"]) || starts(&["дата", "период", "время проведения"])
    {
        Some(ColumnKey::Period)
    } else if first_words(&h, 2).any(|w| w.starts_with("результат") || w.starts_with("показател"))
    {
        // «Ожидаемый результат», «Целевой показатель»; in «Школы с низкими
        // результатами» the word is about someone else.
        Some(ColumnKey::Result)
    } else if starts(&["примечани"]) {
        Some(ColumnKey::Note)
    } else if has(&["мероприяти", "наименование", "содержание", "направлени"])
    {
        Some(ColumnKey::Text)
    } else {
        None
    }
}

/// The first `n` words of a folded header.
fn first_words(h: &str, n: usize) -> impl Iterator<Item = &str> {
    h.split([' ', '/']).filter(|w| !w.is_empty()).take(n)
}

/// Words a header opens with when it names who acts, not what a column
/// holds: a matrix's levels of responsibility («Отдел образования …»,
/// «ИМЦ района», «Школы с низкими результатами», «Муниципальный уровень»).
const LEVEL_STARTS: &[&str] = &[
    "отдел",
    "управлени",
    "комитет",
    "департамент",
    "министерств",
    "администраци",
    "органы",
    "орган местного",
    "орган управления",
    "имц",
    "ммц",
    "информационно-методическ",
    "методический центр",
    "методическая служба",
    "методические службы",
    "методические объединения",
    "центр оценки",
    "институт",
    "школ",
    "оо",
    "образовательные организации",
    "образовательная организация",
    "общеобразовательн",
    "муниципальный уровень",
    "региональный уровень",
    "районный уровень",
    "школьный уровень",
    "уровень оо",
    "уровень школ",
    "уровень образовательн",
    "руководител",
];

/// Whether `header` names a level of responsibility (see `LEVEL_STARTS`).
pub fn names_a_level(header: &str) -> bool {
    if role(header).is_some() {
        return false;
    }
    let h = fold(header);
    let h = h.trim_start_matches(|c: char| !c.is_alphanumeric());
    LEVEL_STARTS.iter().any(|s| {
        // Words as listed («уровень оо», not «уровень проведения»), or a
        // stem («управлени» in «Управление образования»).
        h.strip_prefix(s)
            .is_some_and(|rest| !s.contains(' ') || rest.is_empty() || rest.starts_with([' ', ',']))
    })
}

/// The most words a column header has («Ответственный исполнитель /
/// соисполнители», «Форма представления результата»).
const MAX_HEADER_WORDS: usize = 8;

/// Lower case, «ё» as «е», spaces collapsed, no trailing punctuation.
fn fold(header: &str) -> String {
    let words: Vec<String> = header
        .split_whitespace()
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .collect();
    words
        .join(" ")
        .trim_end_matches(['.', ':', ',', '*'])
        .to_string()
}

/// `keys` with each column that stands for a body keyed after the body's
/// id as `own_key` spells keys (`otdel` for the body `otdel`,
/// `shkoly_s_nizkimi` for `shkoly-s-nizkimi`), kept unique.
pub fn rekey(keys: Vec<ColumnKey>, bodies: &[Option<String>]) -> Vec<ColumnKey> {
    let mut out: Vec<ColumnKey> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let key = match bodies.get(i) {
            Some(Some(id)) => {
                let others: Vec<ColumnKey> = out.iter().chain(&keys[i + 1..]).cloned().collect();
                own_key(id, i, &others)
            }
            _ => key.clone(),
        };
        out.push(key);
    }
    out
}

/// A column of its own: the header in Latin letters («Вид документа» →
/// `vid_dokumenta`), unique in the table and never a standard role's key.
fn own_key(header: &str, index: usize, taken: &[ColumnKey]) -> ColumnKey {
    let slug = crate::slug::slugify(header).replace('-', "_");
    let mut base: String = slug.chars().take(24).collect();
    base = base.trim_end_matches('_').to_string();
    let starts_well = base.starts_with(|c: char| c.is_ascii_lowercase());
    if !starts_well || crate::load::table::ROW_FIELDS.contains(&base.as_str()) {
        base = format!("column_{}", index + 1);
    }
    let mut key = base.clone();
    let mut n = 2;
    while taken.iter().any(|k| k.as_str() == key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    ColumnKey::parse(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(headers: &[&str]) -> Vec<String> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        roles(&headers)
            .iter()
            .map(|k| k.as_str().to_string())
            .collect()
    }

    #[test]
    fn headers_as_real_documents_spell_them() {
        let cases = [
            ("№", "number"),
            ("№ п/п", "number"),
            ("N п/п", "number"),
            ("NN", "number"),
            ("Мероприятия", "text"),
            ("Наименование мероприятия", "text"),
            ("Содержание", "text"),
            ("Сроки", "period"),
            ("Срок исполнения", "period"),
            ("Период реализации", "period"),
            ("Дата", "period"),
            ("Ответственные", "responsible"),
            ("Ответственный исполнитель/ соисполнители", "responsible"),
            ("Исполнители", "responsible"),
            ("Результат", "result"),
            ("Ожидаемый результат", "result"),
            ("Показатель", "result"),
            ("Примечание", "note"),
            ("Планируемый результат", "result"),
            ("Целевой показатель", "result"),
            ("Школы с низкими результатами", "shkoly_s_nizkimi_rezulta"),
            ("Форма представления результата", "forma_predstavleniia_rez"),
        ];
        for (header, key) in cases {
            assert_eq!(keys(&[header]), [key], "{header}");
        }
    }

    #[test]
    fn levels_of_responsibility_are_told_from_other_columns() {
        for level in [
            "Отдел образования Администрации Центрального района",
            "ИМЦ района",
            "Школы с низкими результатами, функционирующие в неблагоприятных условиях",
            "Муниципальный уровень",
            "Уровень ОО",
            "ОО",
            "Руководители школ",
        ] {
            assert!(names_a_level(level), "{level}");
        }
        for other in [
            "Мероприятия",
            "Ответственные",
            "Вид документа",
            "Форма",
            "Срок",
            "Организатор",
            "Уровень проведения",
            "Методическое обеспечение",
            "Центральная тема",
        ] {
            assert!(!names_a_level(other), "{other}");
        }
    }

    #[test]
    fn other_headers_are_columns_of_their_own_in_document_order() {
        assert_eq!(
            keys(&[
                "№ п/п",
                "Срок",
                "Вид документа",
                "Мероприятие",
                "Срок (план)",
                "12"
            ]),
            [
                "number",
                "period",
                "vid_dokumenta",
                "text",
                "srok_plan",
                "column_6"
            ]
        );
    }
}
