//! Dates from the free text of a «Сроки» (period) cell.
//!
//! People write periods by hand («Март 2023», «До 10 марта 2023»,
//! «2 раза в год (май, декабрь)») and PDF extraction adds noise: Latin
//! look-alike letters, footnote marks, lines wrapped anywhere. Vekha keeps
//! the text exactly and derives dates from it here, in three steps:
//!
//! 1. a normalising tokenizer (case, dashes, look-alikes, glued words);
//! 2. the date phrase is cut out of the connective words official Russian
//!    puts around it («в срок до …», «… по согласованию», «(по итогам
//!    ГИА)»), so every date form accepts every connective phrase;
//! 3. small recursive-descent recognisers, tried in order: recurring,
//!    whole plan, deadline, «с … по …», and a list of dates/ranges, built
//!    from one grammar of points (day, days of a month, month, season,
//!    quarter, half-year, year, academic year) and their year suffix;
//! 4. year resolution, which fills a missing year from the neighbouring
//!    component, then from the plan's year, then from its span.
//!
//! Nothing here panics on any input: text that is not understood becomes
//! `PeriodKind::Unknown` with no intervals.

use chrono::{Datelike, NaiveDate};

use crate::typography::is_alpha;

/// Inclusive day range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// What kind of timing a period cell expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// One day: «15.04.2023».
    Date,
    /// Whole months, quarters, halves, years or academic years, one or several.
    Months,
    /// From–to with a day or month at either end, or an open «С 03.04.2023».
    Range,
    /// «до 10 марта 2023»: ends on that day, starts with the plan.
    Deadline,
    /// «1 раз в месяц», «ежеквартально», «2 раза в год (май, декабрь)».
    Recurring,
    /// «в течение года», «в течение всего периода», «постоянно».
    WholePlan,
    /// Not understood: «по плану работы», «по графику».
    Unknown,
}

/// How often a recurring activity happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

/// «2-3 раза в год» → Yearly, 2, 3; «ежемесячно» → Monthly, 1, 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub frequency: Frequency,
    pub times_min: u32,
    pub times_max: u32,
}

/// What the period's plan tells the parser: its own span and year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanContext {
    pub span: Option<Interval>,
    pub year: Option<i32>,
}

/// A parsed period cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The original text, always exactly as given.
    pub text: String,
    pub kind: PeriodKind,
    /// Sorted, possibly empty (Unknown, or WholePlan/Recurring without a plan span).
    pub intervals: Vec<Interval>,
    /// For `Deadline`.
    pub deadline: Option<NaiveDate>,
    /// For `Recurring`.
    pub recurrence: Option<Recurrence>,
    /// The text names no year («март», «до 1 мая») and its dates took the
    /// context's year; `false` for a text not understood.
    pub year_from_context: bool,
}

impl Period {
    /// Parses a period cell; `ctx` supplies whatever the text leaves out.
    pub fn parse(text: &str, ctx: &PlanContext) -> Period {
        let tokens = tokenize(text);
        let outcome = parse_tokens(&tokens, ctx).unwrap_or_else(Outcome::unknown);
        Period {
            text: text.to_string(),
            kind: outcome.kind,
            intervals: outcome.intervals,
            deadline: outcome.deadline,
            recurrence: outcome.recurrence,
            year_from_context: outcome.year_from_context,
        }
    }

    /// The earliest day of any interval.
    pub fn start(&self) -> Option<NaiveDate> {
        self.intervals.iter().map(|i| i.start).min()
    }

    /// The latest day of any interval.
    pub fn end(&self) -> Option<NaiveDate> {
        self.intervals.iter().map(|i| i.end).max()
    }

    /// Whether any dates or rhythm could be derived from the text.
    pub fn is_understood(&self) -> bool {
        self.kind != PeriodKind::Unknown
    }
}

/// The year a part of a table states for the rows under it: a year row or
/// section titled «2021 год», «2022/2023 учебный год», «На 2022 год», or a
/// `year` field. Only one whole calendar or academic year counts.
pub fn parse_year_scope(text: &str) -> Option<PlanContext> {
    let span = parse_plan_span(text)?;
    let first = span.start.year();
    let calendar = months(first, 1, 12) == Some(span);
    (calendar || is_academic_span(&span)).then_some(PlanContext {
        span: Some(span),
        year: calendar.then_some(first),
    })
}

/// The plan's own period from its metadata text: «2023 год», «01.02.2023 -
/// 31.12.2023», «2019-2020 учебный год», «на 2022–2023 годы». Only fully
/// dated text counts (there is no context to borrow a year from).
pub fn parse_plan_span(text: &str) -> Option<Interval> {
    let tokens = tokenize(text);
    let ctx = PlanContext::default();
    let items = parse_items(&mut Cursor::new(&tokens)).or_else(|| {
        let (from, to) = parse_from_items(&mut Cursor::new(&tokens))?;
        Some(vec![(from, Some(to?))])
    })?;
    let intervals = resolve(&items, &ctx)?;
    let start = intervals.iter().map(|i| i.start).min()?;
    let end = intervals.iter().map(|i| i.end).max()?;
    Some(Interval::new(start, end))
}

impl Interval {
    fn new(start: NaiveDate, end: NaiveDate) -> Interval {
        Interval { start, end }
    }

    /// Whether `other` lies entirely inside `self`.
    fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two share at least one day.
    fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// At most this many plan years are enumerated, so an absurd context
/// cannot make a recurring period allocate without bound.
const MAX_PLAN_YEARS: usize = 200;

// ---------------------------------------------------------------------------
// Tokens

/// A run of ASCII digits. The value saturates, so absurd inputs stay
/// harmless; `digits` tells «23» from «2023».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    value: u32,
    digits: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(Number),
    /// «10.03», «10.03.2023»: recognised while the spaces are still known.
    Date {
        day: Number,
        month: Number,
        year: Option<Number>,
    },
    Word(String),
    Dash,
    Comma,
    Dot,
    Slash,
    Semicolon,
    /// «(» and «)»: an aside that may qualify the date without changing it.
    Open,
    Close,
    Other,
}

/// Lower-cases and folds variants that carry no meaning for dates: every
/// dash becomes `-`, «ё» becomes «е», invisible characters vanish, and
/// footnote marks («*», «¹») become spaces.
fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ё' => out.push('е'),
            'і' => out.push('i'), // Cyrillic «І» typed for a Roman numeral
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' => {}
            '*' | '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2070}'..='\u{2079}' | '†' | '‡' => {
                out.push(' ')
            }
            _ => out.push(c),
        }
    }
    out
}

/// Splits normalised text into tokens. Letters and digits are split apart,
/// so glued text like «июнь2023» or «1мая» reads as if spaced.
fn tokenize(text: &str) -> Vec<Tok> {
    let chars = normalize(text);
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(&c) = chars.get(pos) {
        if c.is_ascii_digit() {
            let (tok, next) = read_numeric(&chars, pos);
            tokens.push(tok);
            pos = next;
        } else if is_alpha(c) {
            let word: String = chars
                .iter()
                .skip(pos)
                .take_while(|&&c| is_alpha(c))
                .collect();
            pos += word.chars().count();
            push_word(&word, &mut tokens);
        } else if c == '[' && chars.get(pos + 1) == Some(&'^') {
            // A Markdown footnote reference «[^1]» marks the cell, not the date.
            let close = chars.iter().skip(pos).position(|&c| c == ']');
            pos += close.map_or(1, |offset| offset + 1);
        } else {
            tokens.extend(punctuation(c));
            pos += 1;
        }
    }
    tokens
}

/// Maps a punctuation character to its token; whitespace and quotes carry
/// nothing, and sentence marks end a phrase like a full stop.
fn punctuation(c: char) -> Option<Tok> {
    match c {
        '-' => Some(Tok::Dash),
        ',' => Some(Tok::Comma),
        '.' | ':' | '!' | '?' | '…' => Some(Tok::Dot),
        '/' | '\\' => Some(Tok::Slash),
        ';' => Some(Tok::Semicolon),
        '(' | '[' => Some(Tok::Open),
        ')' | ']' => Some(Tok::Close),
        '"' | '\'' | '«' | '»' | '„' | '“' | '”' => None,
        c if c.is_whitespace() => None,
        _ => Some(Tok::Other),
    }
}

/// Reads the digits starting at `pos`.
fn read_number(chars: &[char], pos: usize) -> (Number, usize) {
    let digits = chars.iter().skip(pos).take_while(|c| c.is_ascii_digit());
    let value = digits.clone().filter_map(|c| c.to_digit(10));
    let value = value.fold(0u32, |v, d| v.saturating_mul(10).saturating_add(d));
    let digits = digits.count();
    (Number { value, digits }, pos + digits)
}

/// Reads «10», «10.03» or «10.03.2023». Dates are recognised here, not in
/// the parser, because only here is «1.03.2023» told apart from «1. 03».
fn read_numeric(chars: &[char], pos: usize) -> (Tok, usize) {
    let (day, pos) = read_number(chars, pos);
    let Some(next) = digit_after_dot(chars, pos) else {
        return (Tok::Num(day), pos);
    };
    let (month, pos) = read_number(chars, next);
    let (year, pos) = match digit_after_dot(chars, pos) {
        Some(next) => {
            let (year, pos) = read_number(chars, next);
            (Some(year), pos)
        }
        None => (None, pos),
    };
    (Tok::Date { day, month, year }, pos)
}

/// If `pos` holds a dot directly followed by a digit, the digit's position.
fn digit_after_dot(chars: &[char], pos: usize) -> Option<usize> {
    let dot = chars.get(pos) == Some(&'.');
    let digit = chars.get(pos + 1).is_some_and(char::is_ascii_digit);
    (dot && digit).then_some(pos + 1)
}

/// Pushes a word in its Cyrillic reading. Extraction and hurried typing put
/// Latin look-alikes into Russian words («Cентябрь», «C 03.04.2023»); pure
/// Roman numerals (I, II, IV) stay Latin, and a numeral glued to a Russian
/// word («IIкв») is split off.
fn push_word(word: &str, tokens: &mut Vec<Tok>) {
    let roman: String = word
        .chars()
        .take_while(|c| matches!(c, 'i' | 'v' | 'x'))
        .collect();
    let rest: String = word.chars().skip(roman.len()).collect();
    if rest.is_empty() {
        tokens.push(Tok::Word(roman));
    } else if !roman.is_empty() && rest.chars().all(is_cyrillic) {
        tokens.push(Tok::Word(roman));
        tokens.push(Tok::Word(rest));
    } else {
        tokens.push(Tok::Word(word.chars().map(cyrillic_lookalike).collect()));
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// The Cyrillic letter a lower-cased Latin letter is typically mistaken for.
fn cyrillic_lookalike(c: char) -> char {
    const LATIN: &str = "abcehkmnoprtuxy";
    const CYRILLIC: &str = "авсенкмпоргтиху";
    let pair = LATIN.chars().zip(CYRILLIC.chars()).find(|&(l, _)| l == c);
    pair.map_or(c, |(_, cyrillic)| cyrillic)
}

// ---------------------------------------------------------------------------
// Vocabulary

/// Whether `word` is one of the space-separated `words`; keeping the
/// vocabulary as plain word lists makes it easy to read and extend.
fn is_one_of(word: &str, words: &str) -> bool {
    words.split(' ').any(|w| w == word)
}

/// The month a word names, in any case («март», «марта», «в марте») or
/// abbreviated («мар.», «сент.»). A form ending in `*` is a stem that takes
/// a case ending.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "январ* янв",
        "феврал* фев февр",
        "март* мар",
        "апрел* апр",
        "май мая мае маю маем",
        "июн*",
        "июл*",
        "август* авг",
        "сентябр* сен сент",
        "октябр* окт",
        "ноябр* ноя нояб",
        "декабр* дек",
    ];
    let names = |forms: &&str| {
        forms.split(' ').any(|form| match form.strip_suffix('*') {
            // A case ending is at most two letters: «августа», «сентябрем»,
            // but not «августовское».
            Some(stem) => word
                .strip_prefix(stem)
                .is_some_and(|ending| ending.chars().count() <= 2),
            None => word == form,
        })
    };
    one_based(MONTHS.iter().position(names))
}

/// The first month of a season named by `word` (spring 3, summer 6,
/// autumn 9), in any case or as an adjective.
fn season_start(word: &str) -> Option<u32> {
    const SEASONS: [(&str, u32); 3] = [
        (
            "весна весной весну весны весенний весеннего весеннем весенние весенних",
            3,
        ),
        ("лето летом летний летнего летнем летние летних", 6),
        ("осень осенью осенний осеннего осеннем осенние осенних", 9),
    ];
    SEASONS
        .iter()
        .find(|(forms, _)| is_one_of(word, forms))
        .map(|&(_, first)| first)
}

/// «г.», «гг.», «год», «года», «году», «годы»…
fn is_year_word(word: &str) -> bool {
    is_one_of(word, "г гг год года году годы годов годах годом годам")
}

/// «текущего года», «этого года»: the plan's year.
fn is_current_word(word: &str) -> bool {
    word.starts_with("текущ") || matches!(word, "этого" | "этом" | "сего" | "нынешнего")
}

fn is_academic_word(word: &str) -> bool {
    word.starts_with("учебн") || word == "уч"
}

fn is_quarter_word(word: &str) -> bool {
    word.starts_with("квартал") || word == "кв"
}

fn is_half_word(word: &str) -> bool {
    word.starts_with("полугоди") || word == "полуг"
}

/// Prepositions that may stand before a date without changing it.
fn is_filler(word: &str) -> bool {
    is_one_of(word, "в во на течение течении протяжении")
}

/// Roman numerals and ordinal words that number quarters and halves.
fn ordinal_number(word: &str) -> Option<u32> {
    const ROMAN: [&str; 4] = ["i", "ii", "iii", "iv"];
    const STEMS: [&str; 4] = ["перв", "втор", "трет", "четверт"];
    let index = ROMAN.iter().position(|roman| *roman == word);
    one_based(index.or_else(|| STEMS.iter().position(|stem| word.starts_with(stem))))
}

/// A list position as the number it stands for (the first month is 1).
fn one_based(index: Option<usize>) -> Option<u32> {
    index.and_then(|i| u32::try_from(i + 1).ok())
}

/// Words that alone say "throughout the plan".
fn is_always_word(word: &str) -> bool {
    matches!(word, "постоянно" | "круглогодично" | "ежедневно")
}

/// Words that may follow «в течение» and still mean the whole plan.
fn is_whole_plan_word(word: &str) -> bool {
    const WORDS: &str = "всего весь года год периода период срока срок реализации действия \
                         программы плана проекта учебного календарного текущего этого";
    is_one_of(word, WORDS)
}

/// «ежемесячно», «ежегодные»…: a frequency with one occurrence.
fn frequency_adverb(word: &str) -> Option<Frequency> {
    const PREFIXES: [(&str, Frequency); 5] = [
        ("еженедельн", Frequency::Weekly),
        ("ежемесячн", Frequency::Monthly),
        ("ежеквартальн", Frequency::Quarterly),
        ("ежеполугодн", Frequency::HalfYearly),
        ("ежегодн", Frequency::Yearly),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| word.starts_with(prefix))
        .map(|&(_, frequency)| frequency)
}

/// «по понедельникам», «по средам»: every week on that day.
fn is_weekdays_word(word: &str) -> bool {
    const DAYS: &str = "понедельникам вторникам средам четвергам пятницам субботам";
    is_one_of(word, DAYS)
}

/// The unit of «раз в …» or «каждый …»: «неделю», «месяц», «квартал»,
/// «четверть» (a school term), «полугодие», «год», a day of the week.
fn frequency_unit(word: &str) -> Option<Frequency> {
    const WEEKS: &str = "неделю неделя недели нед \
                         понедельник вторник среду среда четверг пятницу пятница субботу суббота";
    match word {
        _ if is_one_of(word, WEEKS) => Some(Frequency::Weekly),
        _ if is_one_of(word, "месяц месяца мес") => Some(Frequency::Monthly),
        _ if is_quarter_word(word) || word.starts_with("четверт") => {
            Some(Frequency::Quarterly)
        }
        _ if is_half_word(word) => Some(Frequency::HalfYearly),
        _ if is_year_word(word) => Some(Frequency::Yearly),
        _ => None,
    }
}

/// Counts written as words: «два раза», «дважды».
fn count_word(word: &str) -> Option<u32> {
    const COUNTS: [&str; 5] = [
        "один одного одна однажды",
        "два две двух дважды",
        "три трех трижды",
        "четыре четырех",
        "пять пяти",
    ];
    one_based(COUNTS.iter().position(|forms| is_one_of(word, forms)))
}

// ---------------------------------------------------------------------------
// Connective words
//
// Official Russian puts set phrases around a date: «в срок до …», «в период
// с … по …», «срок: …», «по состоянию на …» before it; «включительно», «по
// согласованию», «согласно графику …», «(по итогам ГИА)» after it. They are
// taken away before the date itself is parsed, so every date form below
// accepts every connective phrase instead of each pair being a case of its
// own. A phrase after the date is taken away only when it holds no number
// or date word: «с 1 марта по 30 апреля» keeps its «по …».

/// Phrases that may open a period cell, longest first. Collected from the
/// wording of orders, plans and programmes: the «Сроки» cell restates the
/// column's own heading («Срок исполнения: …»), names the kind of date
/// («плановый срок», «дата проведения») or hedges it («ориентировочно»).
const LEADS: &[&str] = &[
    "срок представления отчета",
    "по состоянию на",
    "плановый срок",
    "планируемый срок",
    "срок исполнения",
    "сроки исполнения",
    "срок выполнения",
    "сроки выполнения",
    "срок проведения",
    "сроки проведения",
    "срок представления",
    "дата проведения",
    "в срок",
    "в сроки",
    "в период",
    "на период",
    "срок",
    "сроки",
    "дата",
    "период",
    "ориентировочно",
    "предварительно",
    "предположительно",
    "планово",
    "планируется",
];

/// Words that open a qualifier after the date: «… по согласованию», «…
/// согласно графику», «… в рамках августовского совещания», «… включительно».
const TAIL_OPENERS: &[&str] = &[
    "по",
    "согласно",
    "в соответствии",
    "в рамках",
    "в ходе",
    "во время",
    "в период",
    "на основании",
    "при",
    "включительно",
    "ориентировочно",
    "предварительно",
    "предположительно",
];

/// The date phrase of a cell: its tokens without asides that hold no date,
/// without a leading set phrase and without a trailing qualifier.
fn date_phrase(tokens: &[Tok]) -> Vec<Tok> {
    let tokens = without_asides(tokens);
    let mut start = 0;
    while let Some(length) = LEADS
        .iter()
        .find_map(|lead| phrase_at(&tokens, start, lead))
    {
        start += length;
        while matches!(tokens.get(start), Some(Tok::Dot | Tok::Dash | Tok::Comma)) {
            start += 1;
        }
    }
    let end = (start + 1..tokens.len())
        .find(|&p| {
            let opens = TAIL_OPENERS
                .iter()
                .any(|q| phrase_at(&tokens, p, q).is_some());
            opens && !tokens[p..].iter().any(|t| dates_something(t, true))
        })
        .unwrap_or(tokens.len());
    tokens.get(start..end).unwrap_or_default().to_vec()
}

/// If the words of `phrase` stand at `pos`, how many tokens they take.
fn phrase_at(tokens: &[Tok], pos: usize, phrase: &str) -> Option<usize> {
    let mut length = 0;
    for word in phrase.split(' ') {
        match tokens.get(pos + length) {
            Some(Tok::Word(w)) if w == word => length += 1,
            _ => return None,
        }
    }
    Some(length)
}

/// Drops «(…)» groups that name no date («(по согласованию)», «(9–11
/// классы)»). A group that does («(май, декабрь)») stays, so the cell is
/// read whole or not at all; an unclosed «(» stays too.
fn without_asides(tokens: &[Tok]) -> Vec<Tok> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut pos = 0;
    while let Some(tok) = tokens.get(pos) {
        let close = (*tok == Tok::Open)
            .then(|| tokens.iter().skip(pos).position(|t| *t == Tok::Close))
            .flatten();
        match close {
            Some(offset) => {
                let group = tokens.get(pos..=pos + offset).unwrap_or_default();
                if group.iter().any(|t| dates_something(t, false)) {
                    out.extend_from_slice(group);
                }
                pos += offset + 1;
            }
            None => {
                out.push(tok.clone());
                pos += 1;
            }
        }
    }
    out
}

/// Whether a token could carry a date: a date, a year, a month, a quarter,
/// a season… With `any_number`, every number counts («с 1 марта по 15»).
fn dates_something(tok: &Tok, any_number: bool) -> bool {
    match tok {
        Tok::Date { .. } => true,
        Tok::Num(number) => any_number || number.digits == 4,
        Tok::Word(word) => {
            month_number(word).is_some()
                || is_quarter_word(word)
                || is_half_word(word)
                || is_current_word(word)
                || season_start(word).is_some()
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Cursor

/// A position in the token list. Every recogniser works on its own cursor,
/// so a failed attempt leaves nothing behind for the next one.
#[derive(Debug, Clone, Copy)]
struct Cursor<'a> {
    tokens: &'a [Tok],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(tokens: &'a [Tok]) -> Self {
        Cursor { tokens, pos: 0 }
    }

    fn peek(&self) -> Option<&'a Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_word(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Tok::Word(word)) => Some(word),
            _ => None,
        }
    }

    fn bump(&mut self) {
        self.pos = (self.pos + 1).min(self.tokens.len());
    }

    /// Moves past the current token if `found`, and says whether it did.
    fn eat_if(&mut self, found: bool) -> bool {
        if found {
            self.bump();
        }
        found
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        self.eat_if(self.peek() == Some(tok))
    }

    fn eat_word(&mut self, accept: impl Fn(&str) -> bool) -> bool {
        self.eat_if(self.peek_word().is_some_and(accept))
    }

    fn skip_dots(&mut self) {
        while self.eat(&Tok::Dot) {}
    }

    /// Skips «г.», «года», «г.г.», «учебного года» after a year.
    fn skip_year_words(&mut self) {
        while self.eat(&Tok::Dot) || self.eat_word(|w| is_year_word(w) || is_academic_word(w)) {}
    }

    /// Whether only trailing punctuation and year words remain.
    fn at_end(&self) -> bool {
        let rest = self.tokens.get(self.pos..).unwrap_or_default();
        rest.iter().all(|tok| match tok {
            Tok::Dot | Tok::Comma | Tok::Semicolon => true,
            Tok::Word(word) => is_year_word(word),
            _ => false,
        })
    }
}

// ---------------------------------------------------------------------------
// Date expressions

/// What a date expression names, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day {
        month: u32,
        day: u32,
    },
    /// A number waiting for its unit from the range's end: «13» in
    /// «13-24 марта», «II» in «II-III квартал».
    Bare(u32),
    Month(u32),
    /// Days of a month: a decade («первая декада марта» is 1–10) or a half
    /// («вторая половина апреля» is 16–30); `last` past the month's end
    /// means its last day.
    DaysOfMonth {
        month: u32,
        first: u32,
        last: u32,
    },
    /// Spring, summer or autumn, by its first month (3, 6, 9). Winter
    /// crosses the new year and its year is read both ways, so it stays text.
    Season(u32),
    Quarter(u32),
    Half(u32),
    Year,
    AcademicYear,
}

/// The year as written after a date expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearSpec {
    Missing,
    Given(i32),
    /// «2023/2024 учебного года»: the academic year starting in 2023.
    Academic(i32),
    /// «текущего года»: the plan's year.
    Current,
    /// A year no plan has («0000», «9999»): the period is not understood.
    Impossible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point {
    unit: Unit,
    year: YearSpec,
}

impl Point {
    fn new(unit: Unit, year: YearSpec) -> Point {
        Point { unit, year }
    }
}

/// One element of a list: a single point or a «from – to» range.
type Item = (Point, Option<Point>);

/// Parses one date expression: «10.03.2023», «10 марта 2023 г.», «март»,
/// «III кв. 2023», «первое полугодие», «2023 год», «2023/2024 уч. г.».
fn parse_point(c: &mut Cursor) -> Option<Point> {
    while c.eat_word(is_filler) {}
    match c.peek()? {
        Tok::Date { day, month, year } => {
            c.bump();
            let unit = Unit::Day {
                month: month.value,
                day: day.value,
            };
            let year = match year {
                Some(year) => {
                    c.skip_year_words();
                    YearSpec::Given(expand_year(*year)?)
                }
                None => parse_year_suffix(c),
            };
            Some(Point { unit, year })
        }
        Tok::Num(number) if number.digits == 4 => {
            let year = parse_year_suffix(c);
            let unit = match year {
                YearSpec::Academic(_) => Unit::AcademicYear,
                _ => Unit::Year,
            };
            Some(Point { unit, year })
        }
        Tok::Num(number) => {
            c.bump();
            parse_after_number(c, number.value)
        }
        Tok::Word(word) => {
            c.bump();
            c.skip_dots();
            if let Some(month) = month_number(word) {
                let year = parse_year_suffix(c);
                let unit = Unit::Month(month);
                return Some(Point { unit, year });
            }
            if let Some(point) = parse_season(c, word).or_else(|| parse_part_of_month(c, word)) {
                return Some(point);
            }
            let number = ordinal_number(word)?;
            let bare = Point::new(Unit::Bare(number), YearSpec::Missing);
            parse_part_of_year(c, number).or(Some(bare))
        }
        _ => None,
    }
}

/// After a small number: «10 марта», «1 квартал», «1-е полугодие», or a
/// bare number that a range will complete («13-24 марта»).
fn parse_after_number(c: &mut Cursor, value: u32) -> Option<Point> {
    skip_ordinal_suffix(c);
    if let Some(month) = c.peek_word().and_then(month_number) {
        c.bump();
        c.skip_dots();
        let unit = Unit::Day { month, day: value };
        let year = parse_year_suffix(c);
        return Some(Point { unit, year });
    }
    let bare = Point::new(Unit::Bare(value), YearSpec::Missing);
    parse_part_of_year(c, value).or(Some(bare))
}

/// «-й», «-е», «-го» after a numeral («1-й квартал»).
fn skip_ordinal_suffix(c: &mut Cursor) {
    let mut probe = *c;
    if probe.eat(&Tok::Dash) && probe.eat_word(|w| is_one_of(w, "й я е го ое ый ая ого м ом"))
    {
        *c = probe;
    }
}

/// «квартал»/«полугодие» after its number, then the year; or «декада»/
/// «половина» and the month they divide.
fn parse_part_of_year(c: &mut Cursor, number: u32) -> Option<Point> {
    let word = c.peek_word()?;
    let unit = if is_quarter_word(word) {
        Unit::Quarter(number)
    } else if is_half_word(word) {
        Unit::Half(number)
    } else {
        return parse_days_of_month(c, number);
    };
    c.bump();
    c.skip_dots();
    let year = parse_year_suffix(c);
    Some(Point { unit, year })
}

/// «декада марта» or «половина марта» after the ordinal `number`.
fn parse_days_of_month(c: &mut Cursor, number: u32) -> Option<Point> {
    let mut probe = *c;
    let (first, last) = if probe.eat_word(|w| w.starts_with("декад")) {
        match number {
            1 => (1, 10),
            2 => (11, 20),
            3 => (21, 31),
            _ => return None,
        }
    } else if probe.eat_word(|w| w.starts_with("половин")) {
        match number {
            1 => (1, 15),
            2 => (16, 31),
            _ => return None,
        }
    } else {
        return None;
    };
    let month = probe.peek_word().and_then(month_number)?;
    probe.bump();
    probe.skip_dots();
    *c = probe;
    let unit = Unit::DaysOfMonth { month, first, last };
    Some(Point::new(unit, parse_year_suffix(c)))
}

/// «в начале марта», «середина мая», «конец июня»: the whole month, the
/// nearest span the text dates without guessing days.
fn parse_part_of_month(c: &mut Cursor, word: &str) -> Option<Point> {
    const PARTS: &str = "начало начале начала середина середине середины конец конце конца";
    if !is_one_of(word, PARTS) {
        return None;
    }
    let month = c.peek_word().and_then(month_number)?;
    c.bump();
    c.skip_dots();
    Some(Point::new(Unit::Month(month), parse_year_suffix(c)))
}

/// «весна», «летом», «в осенний период», «летние каникулы» and the year.
fn parse_season(c: &mut Cursor, word: &str) -> Option<Point> {
    let first = season_start(word)?;
    c.eat_word(|w| is_one_of(w, "период периода каникулы каникул каникулах"));
    Some(Point::new(Unit::Season(first), parse_year_suffix(c)))
}

/// A two-digit year in a date («10.03.23») means 20xx. A four-digit one
/// outside [`YEARS`] is a typo or a placeholder («0000»), never a date.
fn expand_year(year: Number) -> Option<i32> {
    let value = i32::try_from(year.value).ok()?;
    match year.digits {
        2 => Some(2000 + value),
        4 => YEARS.contains(&value).then_some(value),
        _ => None,
    }
}

/// The years a plan's dates may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// The year written after a date expression, if any, with its «г.»/«года».
fn parse_year_suffix(c: &mut Cursor) -> YearSpec {
    let spec = match c.peek() {
        Some(Tok::Num(number)) if number.digits == 4 => {
            c.bump();
            match expand_year(*number) {
                Some(year) => academic_tail(c, year).unwrap_or(YearSpec::Given(year)),
                None => YearSpec::Impossible,
            }
        }
        Some(Tok::Word(word)) if is_current_word(word) => {
            c.bump();
            YearSpec::Current
        }
        _ => return YearSpec::Missing,
    };
    c.skip_year_words();
    spec
}

/// After a four-digit year, recognises «/2024», «-2024 учебный», «-24 уч.»
/// as an academic year. A dash without «учебный» is left for a range of
/// years («2022-2023 гг.»).
fn academic_tail(c: &mut Cursor, first: i32) -> Option<YearSpec> {
    let mut probe = *c;
    let slash = match probe.peek()? {
        Tok::Slash => true,
        Tok::Dash => false,
        _ => return None,
    };
    probe.bump();
    let next = first.checked_add(1)?;
    let follows = match probe.peek()? {
        Tok::Num(n) if n.digits == 4 => i32::try_from(n.value).ok() == Some(next),
        Tok::Num(n) if n.digits == 2 => i32::try_from(n.value).ok() == Some(next % 100),
        _ => false,
    };
    if !follows {
        return None;
    }
    probe.bump();
    probe.skip_dots();
    if !(probe.eat_word(is_academic_word) || slash) {
        return None;
    }
    *c = probe;
    Some(YearSpec::Academic(first))
}

/// A list of points and ranges: «февраль, октябрь 2023», «март-май 2023»,
/// «май 2023, октябрь 2023». All of the text must be consumed.
fn parse_items(c: &mut Cursor) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    loop {
        let from = parse_point(c)?;
        let to = if c.eat(&Tok::Dash) {
            Some(parse_point(c)?)
        } else {
            None
        };
        items.push((from, to));
        if c.at_end() {
            return Some(items);
        }
        let before = c.pos;
        while c.eat(&Tok::Comma) || c.eat(&Tok::Semicolon) || c.eat_word(|w| w == "и") {}
        if c.pos == before {
            return None;
        }
    }
}

/// «20, 21 марта», «5 и 12 апреля»: a lone day number takes the month of
/// the day that follows it in the list.
fn give_bare_days_their_month(items: &mut [Item]) {
    let mut month = None;
    for (from, to) in items.iter_mut().rev() {
        match (from.unit, to.map(|t| t.unit)) {
            (Unit::Day { month: m, .. }, None) => month = Some(m),
            // «5, 12–16 апреля»: the range's end names the month.
            (_, Some(Unit::Day { month: m, .. })) => month = Some(m),
            (Unit::Bare(day), None) => {
                if let Some(month) = month {
                    from.unit = Unit::Day { month, day };
                }
            }
            _ => month = None,
        }
    }
}

/// «с X», «с X до Y», «с X по Y», «начиная с X», «не ранее X и не
/// позднее Y».
fn parse_from_items(c: &mut Cursor) -> Option<(Point, Option<Point>)> {
    c.eat_word(|w| w == "начиная");
    let opens = c.eat_word(|w| w == "с" || w == "со") || eat_not(c, "ранее раньше");
    if !opens {
        return None;
    }
    let from = parse_point(c)?;
    let mut probe = *c;
    probe.eat(&Tok::Comma);
    probe.eat_word(|w| w == "и");
    let to = if probe.eat(&Tok::Dash)
        || probe.eat_word(|w| w == "до" || w == "по")
        || eat_not(&mut probe, "позднее позже")
    {
        probe.eat_word(|w| w == "конца");
        *c = probe;
        Some(parse_point(c)?)
    } else {
        None
    };
    c.at_end().then_some((from, to))
}

/// «не ранее», «не позднее»: «не» and one of `words`.
fn eat_not(c: &mut Cursor, words: &str) -> bool {
    let mut probe = *c;
    let found = probe.eat_word(|w| w == "не") && probe.eat_word(|w| is_one_of(w, words));
    if found {
        *c = probe;
    }
    found
}

// ---------------------------------------------------------------------------
// Year resolution

/// A concrete year; `academic` marks the first year of an academic year,
/// which moves January–August into the following calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Year {
    value: i32,
    academic: bool,
}

impl Year {
    fn new(value: i32, academic: bool) -> Year {
        Year { value, academic }
    }

    fn shifted(self, by: i32) -> Year {
        Year {
            value: self.value.saturating_add(by),
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    unit: Unit,
    year: Option<Year>,
}

/// A resolved list item: one slot, or a range of two.
#[derive(Debug, Clone, Copy)]
struct Entry {
    from: Slot,
    to: Option<Slot>,
}

impl Entry {
    fn last_year(&self) -> Option<Year> {
        self.to.map_or(self.from.year, |to| to.year)
    }

    fn set_start_year(&mut self, year: Year) {
        self.from.year = Some(year);
        if let Some(to) = &mut self.to {
            inherit_within(&mut self.from, to);
        }
    }

    fn set_end_year(&mut self, year: Year) {
        match &mut self.to {
            Some(to) => {
                to.year = Some(year);
                inherit_within(&mut self.from, to);
            }
            None => self.from.year = Some(year),
        }
    }
}

/// The year the plan is about: its stated year, else its span's first year.
fn context_year(ctx: &PlanContext) -> Option<i32> {
    ctx.year.or_else(|| ctx.span.map(|span| span.start.year()))
}

/// Whether the span is exactly one academic year (1 September – 31 August).
fn is_academic_span(span: &Interval) -> bool {
    let end_year = span.start.year().checked_add(1);
    span.start.month() == 9
        && span.start.day() == 1
        && end_year.and_then(|y| NaiveDate::from_ymd_opt(y, 8, 31)) == Some(span.end)
}

/// Fixes what the text itself says about a point's year.
fn slot(point: Point, ctx: &PlanContext) -> Option<Slot> {
    let year = match point.year {
        YearSpec::Missing => None,
        YearSpec::Given(value) => Some(Year::new(value, false)),
        YearSpec::Academic(value) => Some(Year::new(value, true)),
        YearSpec::Current => Some(Year::new(context_year(ctx)?, false)),
        YearSpec::Impossible => return None,
    };
    let unit = point.unit;
    Some(Slot { unit, year })
}

/// Turns parsed items into intervals, filling in every missing year: first
/// within a range, then from the nearest dated item (the later one first),
/// then from the plan's context.
fn resolve(items: &[Item], ctx: &PlanContext) -> Option<Vec<Interval>> {
    let mut entries = Vec::with_capacity(items.len());
    for &(from, to) in items {
        let mut entry = Entry {
            from: slot(from, ctx)?,
            to: match to {
                Some(to) => Some(slot(to, ctx)?),
                None => None,
            },
        };
        complete_range(&mut entry)?;
        entries.push(entry);
    }
    inherit_from_neighbours(&mut entries);
    entries
        .iter()
        .map(|entry| match entry.from.year {
            Some(_) => entry_interval(entry),
            None => implicit_interval(entry, ctx),
        })
        .collect()
}

/// Gives a bare start its unit from the range's end («13-24 марта»,
/// «II-III квартал») and shares the year between the two ends.
fn complete_range(entry: &mut Entry) -> Option<()> {
    if let Some(to) = &mut entry.to {
        if let Unit::Bare(n) = entry.from.unit {
            entry.from.unit = match to.unit {
                Unit::Day { month, .. } => Unit::Day { month, day: n },
                Unit::Quarter(_) => Unit::Quarter(n),
                Unit::Half(_) => Unit::Half(n),
                _ => return None,
            };
        }
        inherit_within(&mut entry.from, to);
    }
    Some(())
}

/// Where a unit starts within its year, to tell «ноябрь – январь» (which
/// crosses into the next year) from «январь – ноябрь».
fn year_position(unit: Unit) -> (u32, u32) {
    match unit {
        Unit::Day { month, day } => (month, day),
        Unit::Bare(n) => (0, n),
        Unit::Month(month) | Unit::Season(month) => (month, 1),
        Unit::DaysOfMonth { month, first, .. } => (month, first),
        Unit::Quarter(q) => (q.saturating_mul(3).saturating_sub(2), 1),
        Unit::Half(h) => (h.saturating_mul(6).saturating_sub(5), 1),
        Unit::Year => (1, 1),
        Unit::AcademicYear => (9, 1),
    }
}

/// Copies the year of one end of a range to the other; a range whose start
/// comes later in the year than its end crosses the new year.
fn inherit_within(from: &mut Slot, to: &mut Slot) {
    let crosses = year_position(from.unit) > year_position(to.unit);
    match (from.year, to.year) {
        (None, Some(y)) if crosses && !y.academic => from.year = Some(y.shifted(-1)),
        (None, Some(y)) => from.year = Some(y),
        (Some(y), None) if crosses && !y.academic => to.year = Some(y.shifted(1)),
        (Some(y), None) => to.year = Some(y),
        _ => {}
    }
}

/// «февраль, октябрь 2023»: an undated item takes the year of the nearest
/// dated item after it, else of the nearest one before it.
fn inherit_from_neighbours(entries: &mut [Entry]) {
    for i in 0..entries.len() {
        let later = entries.iter().skip(i + 1).find_map(|e| e.from.year);
        let earlier = entries.iter().take(i).rev().find_map(Entry::last_year);
        let Some(entry) = entries.get_mut(i) else {
            continue;
        };
        if entry.from.year.is_some() {
            continue;
        }
        if let Some(year) = later {
            entry.set_end_year(year);
        } else if let Some(year) = earlier {
            entry.set_start_year(year);
        }
    }
}

/// An item the text gives no year at all: read it in the plan's year, and
/// if that falls outside the plan's span, in the first year of the span
/// where it fits («сентябрь – май» in an academic-year plan). Halves in an
/// academic-year plan are school halves (September–December, January–August).
fn implicit_interval(entry: &Entry, ctx: &PlanContext) -> Option<Interval> {
    let base = context_year(ctx)?;
    let academic =
        ctx.span.as_ref().is_some_and(is_academic_span) && matches!(entry.from.unit, Unit::Half(_));
    let reading = |value: i32| {
        let mut entry = *entry;
        entry.set_start_year(Year::new(value, academic));
        entry_interval(&entry)
    };
    let first = reading(base);
    let Some(span) = ctx.span else {
        return first;
    };
    if first.is_some_and(|interval| span.contains(&interval)) {
        return first;
    }
    (span.start.year()..=span.end.year())
        .take(MAX_PLAN_YEARS)
        .filter_map(reading)
        .find(|interval| span.contains(interval))
        .or(first)
}

/// The days an entry covers; a range must not end before it starts.
fn entry_interval(entry: &Entry) -> Option<Interval> {
    let from = unit_interval(entry.from.unit, entry.from.year?)?;
    let Some(to) = entry.to else {
        return Some(from);
    };
    let to = unit_interval(to.unit, to.year?)?;
    (from.start <= to.end).then_some(Interval::new(from.start, to.end))
}

/// The days a unit covers in a year. Invalid dates (31.04, 29.02.2023)
/// give `None`.
fn unit_interval(unit: Unit, year: Year) -> Option<Interval> {
    let y = year.value;
    let next = y.checked_add(1)?;
    // January–August of an academic year fall in its second calendar year.
    let calendar = |month: u32| if year.academic && month < 9 { next } else { y };
    match unit {
        Unit::Day { month, day } => {
            let date = NaiveDate::from_ymd_opt(calendar(month), month, day)?;
            Some(Interval::new(date, date))
        }
        Unit::Month(m) => months(calendar(m), m, m),
        Unit::DaysOfMonth { month, first, last } => {
            let whole = months(calendar(month), month, month)?;
            let start = NaiveDate::from_ymd_opt(whole.start.year(), month, first)?;
            let end = NaiveDate::from_ymd_opt(whole.start.year(), month, last);
            Some(Interval::new(
                start,
                end.unwrap_or(whole.end).min(whole.end),
            ))
        }
        Unit::Season(m @ (3 | 6 | 9)) => months(calendar(m), m, m + 2),
        Unit::Quarter(q @ 1..=4) => months(y, q * 3 - 2, q * 3),
        Unit::Half(1) if year.academic => months(y, 9, 12),
        Unit::Half(2) if year.academic => months(next, 1, 8),
        Unit::Half(h @ 1..=2) => months(y, h * 6 - 5, h * 6),
        Unit::Year => months(y, 1, 12),
        Unit::AcademicYear => Some(Interval::new(
            NaiveDate::from_ymd_opt(y, 9, 1)?,
            NaiveDate::from_ymd_opt(next, 8, 31)?,
        )),
        Unit::Bare(_) | Unit::Quarter(_) | Unit::Half(_) | Unit::Season(_) => None,
    }
}

/// From the first day of month `first` to the last day of month `last`.
fn months(year: i32, first: u32, last: u32) -> Option<Interval> {
    let start = NaiveDate::from_ymd_opt(year, first, 1)?;
    let (next_year, next_month) = if last == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, last.checked_add(1)?)
    };
    let end = NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()?;
    Some(Interval { start, end })
}

// ---------------------------------------------------------------------------
// Recognisers

/// What a recogniser found, before it becomes a `Period`.
struct Outcome {
    kind: PeriodKind,
    intervals: Vec<Interval>,
    deadline: Option<NaiveDate>,
    recurrence: Option<Recurrence>,
    year_from_context: bool,
}

impl Outcome {
    fn new(kind: PeriodKind, mut intervals: Vec<Interval>) -> Outcome {
        intervals.sort();
        intervals.dedup();
        Outcome {
            kind,
            intervals,
            deadline: None,
            recurrence: None,
            year_from_context: false,
        }
    }

    /// Records whether none of `items` names its year, so all of them took
    /// the context's.
    fn with_items(mut self, items: &[Item]) -> Outcome {
        let missing = |point: &Point| point.year == YearSpec::Missing;
        self.year_from_context = items
            .iter()
            .all(|(from, to)| missing(from) && to.as_ref().is_none_or(missing));
        self
    }

    fn unknown() -> Outcome {
        Outcome::new(PeriodKind::Unknown, Vec::new())
    }
}

/// Tries the recognisers from the most specific to the most general. A
/// recurrence is looked for anywhere, because people put qualifiers before
/// it («По плану работы Управления образования, 2-3 раза в год»).
fn parse_tokens(tokens: &[Tok], ctx: &PlanContext) -> Option<Outcome> {
    if counts_from_an_event(tokens) || has_placeholder_year(tokens) {
        return None;
    }
    if let Some(recurrence) = find_recurrence(tokens) {
        return Some(recurring(tokens, recurrence, ctx));
    }
    let phrase = date_phrase(tokens);
    let tokens = phrase.as_slice();
    parse_whole_plan(tokens, ctx)
        .or_else(|| parse_deadline(tokens, ctx))
        .or_else(|| parse_from(tokens, ctx))
        .or_else(|| parse_list(tokens, ctx))
}

/// «в течение 10 дней после утверждения», «5 рабочих дней со дня
/// подписания»: a span counted from an event the text does not date.
/// Whatever else the cell says («…, далее ежегодно») would be dated from
/// the wrong start, so the period stays text. («ежегодно (после итогов
/// ГИА)» counts nothing from the event and keeps its rhythm.)
fn counts_from_an_event(tokens: &[Tok]) -> bool {
    let word = |t: &Tok, list: &str| matches!(t, Tok::Word(w) if is_one_of(w, list));
    let from_event = tokens.iter().any(|t| word(t, "после"))
        || tokens
            .windows(2)
            .any(|w| word(&w[0], "с со") && word(&w[1], "дня момента даты"));
    let span_unit = "день дня дней недели недель месяца месяцев";
    let counted = tokens.windows(3).any(|w| {
        matches!(w[0], Tok::Num(_))
            && (word(&w[1], span_unit)
                || word(&w[1], "рабочих календарных") && word(&w[2], span_unit))
    });
    from_event && counted
}

/// «X года», «X - 1 года», «N года»: a year to be filled in later, which
/// no date may be made from. (A Latin «N» reads as Cyrillic «п»; «9-х
/// классов» has no year word after its «х».)
fn has_placeholder_year(tokens: &[Tok]) -> bool {
    let year_word = |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if is_year_word(w));
    tokens.iter().enumerate().any(|(i, t)| {
        let placeholder = matches!(t, Tok::Word(x) if is_one_of(x, "x х п"));
        let next = tokens.get(i + 1);
        let offset_year = matches!(next, Some(Tok::Dash))
            && matches!(tokens.get(i + 2), Some(Tok::Num(_)))
            && year_word(tokens.get(i + 3));
        placeholder && (year_word(next) || offset_year)
    })
}

/// «ежемесячно», «1 раз в месяц», «2-3 раза в год», «дважды в год».
fn find_recurrence(tokens: &[Tok]) -> Option<Recurrence> {
    tokens.iter().enumerate().find_map(|(i, tok)| {
        let Tok::Word(word) = tok else {
            return None;
        };
        let (times_min, times_max) = match word.as_str() {
            _ if frequency_adverb(word).is_some() || word.starts_with("кажд") => (1, 1),
            _ if is_weekdays_word(word) => {
                return Some(Recurrence {
                    frequency: Frequency::Weekly,
                    times_min: 1,
                    times_max: 1,
                })
            }
            "раз" | "раза" => times_before(tokens.get(..i)?)?,
            _ => count_word(word)
                .filter(|_| word.ends_with("жды"))
                .map(|n| (n, n))?,
        };
        let frequency = frequency_adverb(word).or_else(|| frequency_after(tokens.get(i + 1..)?))?;
        Some(Recurrence {
            frequency,
            times_min,
            times_max,
        })
    })
}

/// The count before «раз»: «2-3», «2», «два», or nothing (one).
fn times_before(before: &[Tok]) -> Option<(u32, u32)> {
    let (min, max) = match before {
        [.., Tok::Num(a), Tok::Dash, Tok::Num(b)] => (a.value.min(b.value), a.value.max(b.value)),
        [.., Tok::Num(n)] => (n.value, n.value),
        [.., Tok::Word(word)] => count_word(word).map_or((1, 1), |n| (n, n)),
        _ => (1, 1),
    };
    (min > 0).then_some((min, max))
}

/// The unit after «раз»: «в месяц», «в учебный год», «за квартал».
fn frequency_after(after: &[Tok]) -> Option<Frequency> {
    let mut c = Cursor::new(after);
    c.eat_word(|w| matches!(w, "в" | "во" | "за" | "на"));
    c.eat_word(|w| is_academic_word(w) || w.starts_with("календарн"));
    c.skip_dots();
    c.peek_word().and_then(frequency_unit)
}

/// A recurring period covers the months it names in every plan year
/// («2 раза в год (май, декабрь)»), else the whole plan span.
fn recurring(tokens: &[Tok], recurrence: Recurrence, ctx: &PlanContext) -> Outcome {
    let mut intervals = listed_months(tokens, ctx);
    if intervals.is_empty() {
        intervals.extend(ctx.span);
    }
    let mut outcome = Outcome::new(PeriodKind::Recurring, intervals);
    outcome.recurrence = Some(recurrence);
    outcome
}

/// Every month named in a recurring period, in its stated year, or in each
/// year of the plan where it overlaps the plan's span.
fn listed_months(tokens: &[Tok], ctx: &PlanContext) -> Vec<Interval> {
    let plan_years: Vec<i32> = match ctx.span {
        Some(span) => (span.start.year()..=span.end.year())
            .take(MAX_PLAN_YEARS)
            .collect(),
        None => ctx.year.into_iter().collect(),
    };
    let mut intervals = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let Tok::Word(word) = tok else {
            continue;
        };
        let Some(month) = month_number(word) else {
            continue;
        };
        let mut c = Cursor { tokens, pos: i + 1 };
        c.skip_dots();
        let point = Point::new(Unit::Month(month), parse_year_suffix(&mut c));
        if let Some(Slot {
            year: Some(year), ..
        }) = slot(point, ctx)
        {
            intervals.extend(unit_interval(point.unit, year));
            continue;
        }
        for &year in &plan_years {
            let interval = unit_interval(point.unit, Year::new(year, false));
            let in_plan = |iv: &Interval| ctx.span.is_none_or(|span| span.overlaps(iv));
            intervals.extend(interval.filter(in_plan));
        }
    }
    intervals
}

/// «в течение года», «в течение всего периода», «постоянно», and
/// «в течение 2023 года» (the plan span if it lies in 2023, else 2023).
fn parse_whole_plan(tokens: &[Tok], ctx: &PlanContext) -> Option<Outcome> {
    let mut c = Cursor::new(tokens);
    if c.eat_word(is_always_word) && c.at_end() {
        return Some(whole_plan(ctx, None));
    }
    let mut c = Cursor::new(tokens);
    let lead = c.eat_word(|w| w == "в" || w == "на")
        && c.eat_word(|w| matches!(w, "течение" | "течении" | "протяжении"));
    if lead {
        let mut probe = c;
        if let Some(point) = parse_point(&mut probe) {
            let is_year = matches!(point.unit, Unit::Year | Unit::AcademicYear);
            if is_year && probe.at_end() {
                let clip = *resolve(&[(point, None)], ctx)?.first()?;
                return Some(whole_plan(ctx, Some(clip)));
            }
        }
    }
    let opens_with_all = c.peek_word().is_some_and(|w| w == "весь" || w == "всего");
    let mut words = 0;
    while c.eat_word(is_whole_plan_word) {
        words += 1;
    }
    (words > 0 && (lead || opens_with_all) && c.at_end()).then(|| whole_plan(ctx, None))
}

/// The plan span, limited to `clip` when the text names a year.
fn whole_plan(ctx: &PlanContext, clip: Option<Interval>) -> Outcome {
    let interval = match (ctx.span, clip) {
        (Some(span), Some(clip)) if clip.contains(&span) => Some(span),
        (_, Some(clip)) => Some(clip),
        (span, None) => span,
    };
    Outcome::new(PeriodKind::WholePlan, interval.into_iter().collect())
}

/// Whether a deadline names its own day or a period it comes before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeadlineMode {
    /// «до мая»: the day before the period starts.
    Before,
    /// «до конца мая», «не позднее мая», «по май»: the period's last day.
    Through,
}

/// «до 10 марта 2023», «не позднее 10.03.2023», «до конца марта 2023»,
/// «до 1 октября текущего года», «по 30.06.2023», «до конца года».
fn parse_deadline(tokens: &[Tok], ctx: &PlanContext) -> Option<Outcome> {
    let mut c = Cursor::new(tokens);
    let mut mode = if c.eat_word(|w| is_one_of(w, "до к ко")) {
        DeadlineMode::Before
    } else if c.eat_word(|w| w == "по") || eat_not(&mut c, "позднее позже") {
        c.eat_word(|w| w == "чем");
        DeadlineMode::Through
    } else {
        return None;
    };
    if c.eat_word(|w| w == "конца" || w == "концу") {
        mode = DeadlineMode::Through;
    } else if c
        .peek_word()
        .is_some_and(|w| is_one_of(w, "начала началу середины середине"))
    {
        // «до середины марта»: a day the text does not give.
        return None;
    }
    let point = match c.peek_word() {
        Some(word) if is_year_word(word) || is_current_word(word) => {
            Point::new(Unit::Year, YearSpec::Current)
        }
        _ => parse_point(&mut c)?,
    };
    if !c.at_end() {
        return None;
    }
    let interval = *resolve(&[(point, None)], ctx)?.first()?;
    let day = match (point.unit, mode) {
        (Unit::Day { .. }, _) | (_, DeadlineMode::Through) => interval.end,
        (_, DeadlineMode::Before) => interval.start.pred_opt()?,
    };
    let start = ctx
        .span
        .map(|span| span.start)
        .filter(|start| *start < day)
        .unwrap_or(day);
    let outcome = Outcome::new(PeriodKind::Deadline, vec![Interval::new(start, day)]);
    let mut outcome = outcome.with_items(&[(point, None)]);
    outcome.deadline = Some(day);
    Some(outcome)
}

/// «с 1.03.2023 до 30.03.2023», «с марта по май 2023»; an open «С 03.04.2023»
/// runs to the end of the plan (or is one day without a plan span).
fn parse_from(tokens: &[Tok], ctx: &PlanContext) -> Option<Outcome> {
    let (from, to) = parse_from_items(&mut Cursor::new(tokens))?;
    let interval = *resolve(&[(from, to)], ctx)?.first()?;
    let interval = match to {
        Some(_) => interval,
        None => {
            let start = interval.start;
            let end = ctx.span.map(|s| s.end).filter(|end| *end >= start);
            Interval::new(start, end.unwrap_or(start))
        }
    };
    Some(Outcome::new(PeriodKind::Range, vec![interval]).with_items(&[(from, to)]))
}

/// Dates, months and ranges, one or several.
fn parse_list(tokens: &[Tok], ctx: &PlanContext) -> Option<Outcome> {
    let mut items = parse_items(&mut Cursor::new(tokens))?;
    give_bare_days_their_month(&mut items);
    let intervals = resolve(&items, ctx)?;
    let days_of_month = |(from, _): &Item| matches!(from.unit, Unit::DaysOfMonth { .. });
    let kind = if items.iter().any(|(_, to)| to.is_some()) || items.iter().any(days_of_month) {
        PeriodKind::Range
    } else if items
        .iter()
        .all(|(from, _)| matches!(from.unit, Unit::Day { .. }))
    {
        PeriodKind::Date
    } else {
        PeriodKind::Months
    };
    Some(Outcome::new(kind, intervals).with_items(&items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PeriodKind::*;

    /// The plan contexts of the seeds and of the constructed rows.
    #[derive(Debug, Clone, Copy)]
    enum Ctx {
        /// Seeds 000 and 001: year 2023, span the calendar year.
        Y2023,
        /// Seed 003: span 2023-02-01..2023-12-31, no year.
        Liv,
        /// Seed 004: academic year 2019-09-01..2020-08-31, no year.
        Acad,
        /// Seed 002 and bare text: nothing known.
        None,
        /// A plan that states only its year, 2024.
        Only2024,
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn span(start: &str, end: &str) -> Option<Interval> {
        Some(Interval {
            start: day(start),
            end: day(end),
        })
    }

    fn ctx(which: Ctx) -> PlanContext {
        match which {
            Ctx::Y2023 => PlanContext {
                span: span("2023-01-01", "2023-12-31"),
                year: Some(2023),
            },
            Ctx::Liv => PlanContext {
                span: span("2023-02-01", "2023-12-31"),
                year: None,
            },
            Ctx::Acad => PlanContext {
                span: span("2019-09-01", "2020-08-31"),
                year: None,
            },
            Ctx::None => PlanContext::default(),
            Ctx::Only2024 => PlanContext {
                span: None,
                year: Some(2024),
            },
        }
    }

    /// (text, context, kind, start, end, number of intervals); "" = none.
    type Row = (
        &'static str,
        Ctx,
        PeriodKind,
        &'static str,
        &'static str,
        usize,
    );

    /// Every distinct period string of the five seeds (seed 002 has none),
    /// joined onto one line where the extraction wrapped it.
    #[rustfmt::skip]
    const SEED_ROWS: &[Row] = &[
        // 000 Василеостровский район
        ("Март 2023", Ctx::Y2023, Months, "2023-03-01", "2023-03-31", 1),
        ("До 10 марта 2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-03-10", 1),
        ("13.03.2023 -24.03.2023", Ctx::Y2023, Range, "2023-03-13", "2023-03-24", 1),
        ("С 1.03.2023 до 30.03.2023", Ctx::Y2023, Range, "2023-03-01", "2023-03-30", 1),
        ("До 15.04.2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-04-15", 1),
        ("1.06.2023-20.06.2023", Ctx::Y2023, Range, "2023-06-01", "2023-06-20", 1),
        ("Ноябрь 2023", Ctx::Y2023, Months, "2023-11-01", "2023-11-30", 1),
        ("Январь-декабрь 2023", Ctx::Y2023, Range, "2023-01-01", "2023-12-31", 1),
        ("Декабрь 2023", Ctx::Y2023, Months, "2023-12-01", "2023-12-31", 1),
        ("февраль, октябрь 2023", Ctx::Y2023, Months, "2023-02-01", "2023-10-31", 2),
        ("Апрель, октябрь 2023", Ctx::Y2023, Months, "2023-04-01", "2023-10-31", 2),
        ("Май 2023, октябрь 2023", Ctx::Y2023, Months, "2023-05-01", "2023-10-31", 2),
        ("Февраль 2023", Ctx::Y2023, Months, "2023-02-01", "2023-02-28", 1),
        ("Март-ноябрь 2023", Ctx::Y2023, Range, "2023-03-01", "2023-11-30", 1),
        ("Октябрь 2023", Ctx::Y2023, Months, "2023-10-01", "2023-10-31", 1),
        ("Сентябрь 2023", Ctx::Y2023, Months, "2023-09-01", "2023-09-30", 1),
        ("март 2023", Ctx::Y2023, Months, "2023-03-01", "2023-03-31", 1),
        ("май-июнь2023", Ctx::Y2023, Range, "2023-05-01", "2023-06-30", 1),
        ("Август 2023", Ctx::Y2023, Months, "2023-08-01", "2023-08-31", 1),
        ("ноябрь — декабрь 2023", Ctx::Y2023, Range, "2023-11-01", "2023-12-31", 1),
        ("В течение года", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("1 раз в месяц", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("Июнь 2023", Ctx::Y2023, Months, "2023-06-01", "2023-06-30", 1),
        ("Ноябрь-декабрь 2023", Ctx::Y2023, Range, "2023-11-01", "2023-12-31", 1),
        // 001 Кировский район
        ("Февраль 2023 года", Ctx::Y2023, Months, "2023-02-01", "2023-02-28", 1),
        ("Март 2023 года", Ctx::Y2023, Months, "2023-03-01", "2023-03-31", 1),
        ("09.03.2023- 24.03.2023", Ctx::Y2023, Range, "2023-03-09", "2023-03-24", 1),
        ("Март-май 2023 года", Ctx::Y2023, Range, "2023-03-01", "2023-05-31", 1),
        ("C 03.04.2023", Ctx::Y2023, Range, "2023-04-03", "2023-12-31", 1),
        ("Апрель 2023 года", Ctx::Y2023, Months, "2023-04-01", "2023-04-30", 1),
        ("Апрель-май 2023 года", Ctx::Y2023, Range, "2023-04-01", "2023-05-31", 1),
        ("Июнь 2023 года", Ctx::Y2023, Months, "2023-06-01", "2023-06-30", 1),
        ("Октябрь 2023 года", Ctx::Y2023, Months, "2023-10-01", "2023-10-31", 1),
        ("Ноябрь 2023 года", Ctx::Y2023, Months, "2023-11-01", "2023-11-30", 1),
        ("В течение 2023 года", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("Сентябрь, ноябрь 2023 года", Ctx::Y2023, Months, "2023-09-01", "2023-11-30", 2),
        ("Сентябрь-октябрь 2023 года", Ctx::Y2023, Range, "2023-09-01", "2023-10-31", 1),
        ("Март, октябрь 2023 года", Ctx::Y2023, Months, "2023-03-01", "2023-10-31", 2),
        ("Ноябрь-декабрь 2023 года", Ctx::Y2023, Range, "2023-11-01", "2023-12-31", 1),
        ("Январь, март, май 2023 года", Ctx::Y2023, Months, "2023-01-01", "2023-05-31", 3),
        ("Март-апрель 2023 года", Ctx::Y2023, Range, "2023-03-01", "2023-04-30", 1),
        ("Август, ноябрь 2023 года", Ctx::Y2023, Months, "2023-08-01", "2023-11-30", 2),
        ("Май, ноябрь 2023 года", Ctx::Y2023, Months, "2023-05-01", "2023-11-30", 2),
        ("Август 2023 года", Ctx::Y2023, Months, "2023-08-01", "2023-08-31", 1),
        ("Декабрь 2023 года", Ctx::Y2023, Months, "2023-12-01", "2023-12-31", 1),
        // 003 Ливенский район
        ("февраль - апрель 2023", Ctx::Liv, Range, "2023-02-01", "2023-04-30", 1),
        ("В течение всего периода", Ctx::Liv, WholePlan, "2023-02-01", "2023-12-31", 1),
        ("По плану мониторинговых исследований", Ctx::Liv, Unknown, "", "", 0),
        ("По плану работы Управления образования, 2-3 раза в год", Ctx::Liv, Recurring, "2023-02-01", "2023-12-31", 1),
        ("2 раза в год (май, декабрь)", Ctx::Liv, Recurring, "2023-05-01", "2023-12-31", 2),
        ("постоянно", Ctx::Liv, WholePlan, "2023-02-01", "2023-12-31", 1),
        ("По плану работы", Ctx::Liv, Unknown, "", "", 0),
        ("Сентябрь текущего года", Ctx::Liv, Months, "2023-09-01", "2023-09-30", 1),
        ("До 2 мая текущего года", Ctx::Liv, Deadline, "2023-02-01", "2023-05-02", 1),
        ("До 1мая текущего года", Ctx::Liv, Deadline, "2023-02-01", "2023-05-01", 1),
        ("До 1 октября текущего года", Ctx::Liv, Deadline, "2023-02-01", "2023-10-01", 1),
        ("По графику", Ctx::Liv, Unknown, "", "", 0),
        // 004 Ленинградская область, 2019-2020 учебный год
        ("август– декабрь 2019 года", Ctx::Acad, Range, "2019-08-01", "2019-12-31", 1),
        ("август - сентябрь 2019", Ctx::Acad, Range, "2019-08-01", "2019-09-30", 1),
        ("август – сентябрь 2019", Ctx::Acad, Range, "2019-08-01", "2019-09-30", 1),
        ("Октябрь-ноябрь 2019 года", Ctx::Acad, Range, "2019-10-01", "2019-11-30", 1),
        ("сентябрь 2019 года", Ctx::Acad, Months, "2019-09-01", "2019-09-30", 1),
        ("сентябрь – октябрь 2019 года", Ctx::Acad, Range, "2019-09-01", "2019-10-31", 1),
        ("апрель-ноябрь 2020 года", Ctx::Acad, Range, "2020-04-01", "2020-11-30", 1),
        ("январь - февраль 2020 года", Ctx::Acad, Range, "2020-01-01", "2020-02-29", 1),
        ("Ноябрь – декабрь 2020 года", Ctx::Acad, Range, "2020-11-01", "2020-12-31", 1),
        ("февраль – март 2020 года", Ctx::Acad, Range, "2020-02-01", "2020-03-31", 1),
        ("апрель 2020 года", Ctx::Acad, Months, "2020-04-01", "2020-04-30", 1),
        ("май 2020 года", Ctx::Acad, Months, "2020-05-01", "2020-05-31", 1),
        ("Сентябрь-декабрь 2020 года", Ctx::Acad, Range, "2020-09-01", "2020-12-31", 1),
        ("Октябрь-ноябрь 2020 года", Ctx::Acad, Range, "2020-10-01", "2020-11-30", 1),
        ("февраль - май 2020 года", Ctx::Acad, Range, "2020-02-01", "2020-05-31", 1),
        ("сентябрь – декабрь 2020", Ctx::Acad, Range, "2020-09-01", "2020-12-31", 1),
        ("сентябрь - октябрь 2019 года", Ctx::Acad, Range, "2019-09-01", "2019-10-31", 1),
        ("Декабрь 2019 года", Ctx::Acad, Months, "2019-12-01", "2019-12-31", 1),
        ("январь 2020 года", Ctx::Acad, Months, "2020-01-01", "2020-01-31", 1),
        ("Март 2020", Ctx::Acad, Months, "2020-03-01", "2020-03-31", 1),
        ("сентябрь – ноябрь 2019 года", Ctx::Acad, Range, "2019-09-01", "2019-11-30", 1),
        ("август- сентябрь 2019 года", Ctx::Acad, Range, "2019-08-01", "2019-09-30", 1),
        ("Ноябрь  2019 года", Ctx::Acad, Months, "2019-11-01", "2019-11-30", 1),
        ("В течение года", Ctx::Acad, WholePlan, "2019-09-01", "2020-08-31", 1),
    ];

    /// Variants constructed for every rule of the semantics.
    #[rustfmt::skip]
    const CONSTRUCTED_ROWS: &[Row] = &[
        // every dash, any spacing, wrapped lines
        ("март-май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("март ‐ май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("март‑май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("март–май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("март —май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("март − май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("13.03.2023—24.03.2023", Ctx::None, Range, "2023-03-13", "2023-03-24", 1),
        ("13.03.2023 −\n 24.03.2023", Ctx::None, Range, "2023-03-13", "2023-03-24", 1),
        ("Январь-декабрь \n\n2023", Ctx::None, Range, "2023-01-01", "2023-12-31", 1),
        ("  \n Март\n 2023 \n", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        // cases and prepositions
        ("марта 2023", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("в марте 2023 г.", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("в течение марта 2023 года", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("в мае", Ctx::Y2023, Months, "2023-05-01", "2023-05-31", 1),
        ("в июне 2023г.", Ctx::None, Months, "2023-06-01", "2023-06-30", 1),
        ("ДЕКАБРЬ 2023 ГОДА", Ctx::None, Months, "2023-12-01", "2023-12-31", 1),
        // abbreviations
        ("янв. 2023", Ctx::None, Months, "2023-01-01", "2023-01-31", 1),
        ("фев.–апр. 2023", Ctx::None, Range, "2023-02-01", "2023-04-30", 1),
        ("февр. 2023 г.", Ctx::None, Months, "2023-02-01", "2023-02-28", 1),
        ("мар. 2023", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("авг.-сент. 2023", Ctx::None, Range, "2023-08-01", "2023-09-30", 1),
        ("сен. 2023", Ctx::None, Months, "2023-09-01", "2023-09-30", 1),
        ("окт., нояб., дек. 2023", Ctx::None, Months, "2023-10-01", "2023-12-31", 3),
        // days, two-digit years, invalid dates, leap years
        ("10 марта 2023 г.", Ctx::None, Date, "2023-03-10", "2023-03-10", 1),
        ("10.03.23", Ctx::None, Date, "2023-03-10", "2023-03-10", 1),
        ("1.03.2023", Ctx::None, Date, "2023-03-01", "2023-03-01", 1),
        ("15.04.2023", Ctx::None, Date, "2023-04-15", "2023-04-15", 1),
        ("31.04.2023", Ctx::None, Unknown, "", "", 0),
        ("29.02.2023", Ctx::None, Unknown, "", "", 0),
        ("29.02.2024", Ctx::None, Date, "2024-02-29", "2024-02-29", 1),
        ("99999999.99.99", Ctx::None, Unknown, "", "", 0),
        ("10.03.202", Ctx::None, Unknown, "", "", 0),
        // dates counted from an undated event, and placeholder years:
        // text, even beside a rhythm that could be dated
        ("в течение 10 дней после утверждения, далее ежегодно", Ctx::Y2023, Unknown, "", "", 0),
        ("в течение 5 рабочих дней со дня подписания приказа", Ctx::Y2023, Unknown, "", "", 0),
        ("до 1 октября X года, далее ежегодно", Ctx::Y2023, Unknown, "", "", 0),
        ("Март X - 1 года", Ctx::Y2023, Unknown, "", "", 0),
        ("октябрь N года", Ctx::Y2023, Unknown, "", "", 0),
        ("ежегодно до 1 октября Х года", Ctx::Y2023, Unknown, "", "", 0),
        ("ежегодно до 1 октября N года", Ctx::Y2023, Unknown, "", "", 0),
        ("1 раз в месяц, начиная с X - 1 года", Ctx::Y2023, Unknown, "", "", 0),
        // an event named without a span counted from it keeps its rhythm
        ("ежегодно (после подведения итогов ГИА)", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("2 раза в год (9-х – 11-х классы)", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        // impossible years: typos and placeholders, never dates
        ("Март 0000", Ctx::None, Unknown, "", "", 0),
        ("10.03.0000", Ctx::None, Unknown, "", "", 0),
        ("0000 год", Ctx::Y2023, Unknown, "", "", 0),
        ("сентябрь 2023 – май 9999", Ctx::None, Unknown, "", "", 0),
        ("00.03.2023", Ctx::None, Unknown, "", "", 0),
        ("15.13.2023", Ctx::None, Unknown, "", "", 0),
        ("10.03.2023, 15.04.2023", Ctx::None, Date, "2023-03-10", "2023-04-15", 2),
        // missing years from context
        ("сентябрь – май", Ctx::Acad, Range, "2019-09-01", "2020-05-31", 1),
        ("январь - май", Ctx::Acad, Range, "2020-01-01", "2020-05-31", 1),
        ("май", Ctx::Acad, Months, "2020-05-01", "2020-05-31", 1),
        ("сентябрь текущего года", Ctx::Only2024, Months, "2024-09-01", "2024-09-30", 1),
        ("март - май", Ctx::Only2024, Range, "2024-03-01", "2024-05-31", 1),
        ("март", Ctx::None, Unknown, "", "", 0),
        ("сентябрь текущего года", Ctx::None, Unknown, "", "", 0),
        // ranges crossing a year
        ("сентябрь 2023 – май 2024", Ctx::None, Range, "2023-09-01", "2024-05-31", 1),
        ("ноябрь 2023 - январь 2024", Ctx::None, Range, "2023-11-01", "2024-01-31", 1),
        ("ноябрь - январь 2024", Ctx::None, Range, "2023-11-01", "2024-01-31", 1),
        ("сентябрь 2023 - май", Ctx::None, Range, "2023-09-01", "2024-05-31", 1),
        ("май 2024 - март 2024", Ctx::None, Unknown, "", "", 0),
        // several intervals
        ("январь и март 2024", Ctx::None, Months, "2024-01-01", "2024-03-31", 2),
        ("май 2023; октябрь 2023.", Ctx::None, Months, "2023-05-01", "2023-10-31", 2),
        ("март, май-июнь 2023", Ctx::None, Range, "2023-03-01", "2023-06-30", 2),
        // quarters and halves
        ("I квартал 2023 г.", Ctx::None, Months, "2023-01-01", "2023-03-31", 1),
        ("1 квартал 2023", Ctx::None, Months, "2023-01-01", "2023-03-31", 1),
        ("III кв. 2023", Ctx::None, Months, "2023-07-01", "2023-09-30", 1),
        ("IV квартал", Ctx::Y2023, Months, "2023-10-01", "2023-12-31", 1),
        ("1-й квартал 2024", Ctx::None, Months, "2024-01-01", "2024-03-31", 1),
        ("Iквартал 2023", Ctx::None, Months, "2023-01-01", "2023-03-31", 1),
        ("II-III квартал 2023", Ctx::None, Range, "2023-04-01", "2023-09-30", 1),
        ("1 полугодие 2023", Ctx::None, Months, "2023-01-01", "2023-06-30", 1),
        ("первое полугодие", Ctx::Y2023, Months, "2023-01-01", "2023-06-30", 1),
        ("II полугодие 2023 года", Ctx::None, Months, "2023-07-01", "2023-12-31", 1),
        ("I полугодие 2023/2024 учебного года", Ctx::None, Months, "2023-09-01", "2023-12-31", 1),
        ("второе полугодие", Ctx::Acad, Months, "2020-01-01", "2020-08-31", 1),
        ("V квартал 2023", Ctx::None, Unknown, "", "", 0),
        // academic years
        ("2023/2024 учебный год", Ctx::None, Months, "2023-09-01", "2024-08-31", 1),
        ("2023-2024 уч. г.", Ctx::None, Months, "2023-09-01", "2024-08-31", 1),
        ("сентябрь – май 2023/2024 учебного года", Ctx::None, Range, "2023-09-01", "2024-05-31", 1),
        ("2023 год", Ctx::None, Months, "2023-01-01", "2023-12-31", 1),
        ("2022-2023 гг.", Ctx::None, Range, "2022-01-01", "2023-12-31", 1),
        // «с … по …», «с … до …», open starts
        ("с 1 марта по 30 апреля 2023 года", Ctx::None, Range, "2023-03-01", "2023-04-30", 1),
        ("с 1 по 15 марта 2023", Ctx::None, Range, "2023-03-01", "2023-03-15", 1),
        ("с марта по май 2023", Ctx::None, Range, "2023-03-01", "2023-05-31", 1),
        ("с 1 апреля 2023 года", Ctx::Y2023, Range, "2023-04-01", "2023-12-31", 1),
        ("С 03.04.2023", Ctx::None, Range, "2023-04-03", "2023-04-03", 1),
        ("c 10.03.23 до 20.03.23", Ctx::None, Range, "2023-03-10", "2023-03-20", 1),
        ("13-24 марта 2023", Ctx::None, Range, "2023-03-13", "2023-03-24", 1),
        ("начиная с сентября 2023", Ctx::Y2023, Range, "2023-09-01", "2023-12-31", 1),
        // deadlines
        ("не позднее 10.03.2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-03-10", 1),
        ("не позднее 10 марта 2023", Ctx::Liv, Deadline, "2023-02-01", "2023-03-10", 1),
        ("до 10 января 2023", Ctx::Liv, Deadline, "2023-01-10", "2023-01-10", 1),
        ("До 1мая", Ctx::Only2024, Deadline, "2024-05-01", "2024-05-01", 1),
        ("до конца марта 2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-03-31", 1),
        ("до конца 2023 года", Ctx::Liv, Deadline, "2023-02-01", "2023-12-31", 1),
        ("до конца года", Ctx::Y2023, Deadline, "2023-01-01", "2023-12-31", 1),
        ("до мая 2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-04-30", 1),
        ("по 30.06.2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-06-30", 1),
        ("до 15.04.23г.", Ctx::Y2023, Deadline, "2023-01-01", "2023-04-15", 1),
        ("до1мая2023", Ctx::None, Deadline, "2023-05-01", "2023-05-01", 1),
        ("до 31.04.2023", Ctx::Y2023, Unknown, "", "", 0),
        // footnote marks and trailing punctuation
        ("март 2020 года*", Ctx::None, Months, "2020-03-01", "2020-03-31", 1),
        ("Март 2023¹", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("Март 2023.", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("«Март 2023»;", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        // Latin look-alikes and missing spaces
        ("Mapт 2023", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("Ceнтябрь 2023", Ctx::None, Months, "2023-09-01", "2023-09-30", 1),
        ("Март 2023 r.", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("июнь2023", Ctx::None, Months, "2023-06-01", "2023-06-30", 1),
        ("Март2023г.", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("Ёжик 2023", Ctx::None, Unknown, "", "", 0),
        // recurring
        ("ежегодно", Ctx::Acad, Recurring, "2019-09-01", "2020-08-31", 1),
        ("ежемесячно", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("еженедельно", Ctx::None, Recurring, "", "", 0),
        ("ежеквартально", Ctx::Liv, Recurring, "2023-02-01", "2023-12-31", 1),
        ("2 раза в год (май, декабрь)", Ctx::Acad, Recurring, "2019-12-01", "2020-05-31", 2),
        ("2 раза в год (май, декабрь)", Ctx::Only2024, Recurring, "2024-05-01", "2024-12-31", 2),
        ("раз в полугодие", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("2-3 раза в год", Ctx::None, Recurring, "", "", 0),
        ("ежегодно в мае", Ctx::Y2023, Recurring, "2023-05-01", "2023-05-31", 1),
        ("не реже 1 раза в квартал", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("дважды в год", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        // whole plan
        ("в течение учебного года", Ctx::Acad, WholePlan, "2019-09-01", "2020-08-31", 1),
        ("в течение 2023 года", Ctx::Acad, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("в течение 2023 года", Ctx::None, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("в течение 2023 года", Ctx::Liv, WholePlan, "2023-02-01", "2023-12-31", 1),
        ("в течение 2019-2020 учебного года", Ctx::Acad, WholePlan, "2019-09-01", "2020-08-31", 1),
        ("постоянно", Ctx::None, WholePlan, "", "", 0),
        ("В течение всего периода", Ctx::Acad, WholePlan, "2019-09-01", "2020-08-31", 1),
        ("весь период", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("ежедневно", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        // not understood
        ("", Ctx::Y2023, Unknown, "", "", 0),
        ("по мере необходимости", Ctx::Y2023, Unknown, "", "", 0),
        ("---", Ctx::Y2023, Unknown, "", "", 0),
        ("года", Ctx::Y2023, Unknown, "", "", 0),
        // a qualifier after a date no longer hides it (issue 21, point 6)
        ("Март 2023 (по согласованию)", Ctx::Y2023, Months, "2023-03-01", "2023-03-31", 1),
    ];

    /// Forms composed from parts and the connective words around them,
    /// written for issue 21 from the wording of official acts.
    #[rustfmt::skip]
    const COMPOSED_ROWS: &[Row] = &[
        // a single day stays a day; lone day numbers take the next month
        ("1 октября 2023 г.", Ctx::None, Date, "2023-10-01", "2023-10-01", 1),
        ("01.10.2023г.", Ctx::None, Date, "2023-10-01", "2023-10-01", 1),
        ("1 октября", Ctx::Y2023, Date, "2023-10-01", "2023-10-01", 1),
        ("20, 21 марта 2022 г.", Ctx::None, Date, "2022-03-20", "2022-03-21", 2),
        ("5 и 12 апреля 2023 года", Ctx::None, Date, "2023-04-05", "2023-04-12", 2),
        ("1, 15 и 29 марта 2023", Ctx::None, Date, "2023-03-01", "2023-03-29", 3),
        ("20, 21 марта", Ctx::Y2023, Date, "2023-03-20", "2023-03-21", 2),
        ("5, 12–16 апреля 2023", Ctx::None, Range, "2023-04-05", "2023-04-16", 2),
        ("10 марта, 10 апреля 2023", Ctx::None, Date, "2023-03-10", "2023-04-10", 2),
        ("1, 2", Ctx::Y2023, Unknown, "", "", 0),
        // day ranges and their set phrases
        ("с 1 по 10 марта 2022 года", Ctx::None, Range, "2022-03-01", "2022-03-10", 1),
        ("в период с 1 по 10 марта 2022 года", Ctx::None, Range, "2022-03-01", "2022-03-10", 1),
        ("в период с 01.03.2022 по 10.03.2022", Ctx::None, Range, "2022-03-01", "2022-03-10", 1),
        ("с 01.09.2023 г. по 31.05.2024 г.", Ctx::None, Range, "2023-09-01", "2024-05-31", 1),
        ("с 1 марта\nпо 30 апреля 2023", Ctx::None, Range, "2023-03-01", "2023-04-30", 1),
        ("не ранее 1 марта 2023 г.", Ctx::Y2023, Range, "2023-03-01", "2023-12-31", 1),
        ("не ранее 1 марта и не позднее 30 апреля 2023 года", Ctx::None, Range, "2023-03-01", "2023-04-30", 1),
        ("не ранее 01.03.2023, не позднее 15.03.2023", Ctx::None, Range, "2023-03-01", "2023-03-15", 1),
        ("20-25 марта 2023 г.", Ctx::None, Range, "2023-03-20", "2023-03-25", 1),
        ("20 - 25.03.2023", Ctx::None, Range, "2023-03-20", "2023-03-25", 1),
        // decades and halves of a month
        ("первая декада сентября 2022 г.", Ctx::None, Range, "2022-09-01", "2022-09-10", 1),
        ("в первой декаде сентября 2022 года", Ctx::None, Range, "2022-09-01", "2022-09-10", 1),
        ("II декада октября 2023", Ctx::None, Range, "2023-10-11", "2023-10-20", 1),
        ("3-я декада февраля 2024 г.", Ctx::None, Range, "2024-02-21", "2024-02-29", 1),
        ("третья декада апреля", Ctx::Y2023, Range, "2023-04-21", "2023-04-30", 1),
        ("первая половина марта 2023", Ctx::None, Range, "2023-03-01", "2023-03-15", 1),
        ("во второй половине ноября 2023 г.", Ctx::None, Range, "2023-11-16", "2023-11-30", 1),
        ("вторая половина декабря", Ctx::Acad, Range, "2019-12-16", "2019-12-31", 1),
        ("первая декада сентября – вторая декада октября 2023", Ctx::None, Range, "2023-09-01", "2023-10-20", 1),
        ("четвертая декада марта 2023", Ctx::None, Unknown, "", "", 0),
        // seasons (winter crosses the new year and stays text)
        ("летом 2023 года", Ctx::None, Months, "2023-06-01", "2023-08-31", 1),
        ("в летний период 2023 г.", Ctx::None, Months, "2023-06-01", "2023-08-31", 1),
        ("весна 2024", Ctx::None, Months, "2024-03-01", "2024-05-31", 1),
        ("осенью", Ctx::Y2023, Months, "2023-09-01", "2023-11-30", 1),
        ("весенние каникулы 2024 года", Ctx::None, Months, "2024-03-01", "2024-05-31", 1),
        ("осень 2023 – весна 2024", Ctx::None, Range, "2023-09-01", "2024-05-31", 1),
        ("весной", Ctx::Acad, Months, "2020-03-01", "2020-05-31", 1),
        ("зима 2023", Ctx::None, Unknown, "", "", 0),
        // beginning, middle, end of a month: the month
        ("в начале марта 2023 г.", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("конец мая 2023 года", Ctx::None, Months, "2023-05-01", "2023-05-31", 1),
        ("в середине октября", Ctx::Y2023, Months, "2023-10-01", "2023-10-31", 1),
        ("начало 2023 года", Ctx::None, Unknown, "", "", 0),
        // quarters and halves with their set phrases
        ("в течение I квартала 2023 г.", Ctx::None, Months, "2023-01-01", "2023-03-31", 1),
        ("во II квартале 2023 года", Ctx::None, Months, "2023-04-01", "2023-06-30", 1),
        ("не позднее I квартала 2024 г.", Ctx::None, Deadline, "2024-03-31", "2024-03-31", 1),
        ("до конца II квартала 2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-06-30", 1),
        ("до середины марта 2023", Ctx::Y2023, Unknown, "", "", 0),
        ("не позднее начала марта", Ctx::Y2023, Unknown, "", "", 0),
        ("III – IV кварталы 2023 года", Ctx::None, Range, "2023-07-01", "2023-12-31", 1),
        ("IV квартал 2023 г. – I квартал 2024 г.", Ctx::None, Range, "2023-10-01", "2024-03-31", 1),
        ("2 полугодие 2022-2023 учебного года", Ctx::None, Months, "2023-01-01", "2023-08-31", 1),
        ("1 полугодие 2023/2024 уч. года", Ctx::None, Months, "2023-09-01", "2023-12-31", 1),
        // academic and calendar years
        ("в течение 2021-2022 учебного года", Ctx::None, WholePlan, "2021-09-01", "2022-08-31", 1),
        ("на 2023/2024 учебный год", Ctx::None, Months, "2023-09-01", "2024-08-31", 1),
        ("2023–2024 уч. г.", Ctx::None, Months, "2023-09-01", "2024-08-31", 1),
        ("сентябрь – декабрь 2023/2024 учебного года", Ctx::None, Range, "2023-09-01", "2023-12-31", 1),
        ("январь – май 2023/2024 учебного года", Ctx::None, Range, "2024-01-01", "2024-05-31", 1),
        ("2021–2024 годы", Ctx::None, Range, "2021-01-01", "2024-12-31", 1),
        ("на 2023 год", Ctx::None, Months, "2023-01-01", "2023-12-31", 1),
        ("в 2023 году", Ctx::None, Months, "2023-01-01", "2023-12-31", 1),
        ("2023, 2024 гг.", Ctx::None, Months, "2023-01-01", "2024-12-31", 2),
        ("с 2023 по 2025 год", Ctx::None, Range, "2023-01-01", "2025-12-31", 1),
        // deadlines and the phrases around them
        ("в срок до 01.10.2021", Ctx::None, Deadline, "2021-10-01", "2021-10-01", 1),
        ("в срок до 1 октября 2021 г.", Ctx::None, Deadline, "2021-10-01", "2021-10-01", 1),
        ("в срок не позднее 15 марта 2022 г.", Ctx::None, Deadline, "2022-03-15", "2022-03-15", 1),
        ("не позднее чем 15.03.2022", Ctx::None, Deadline, "2022-03-15", "2022-03-15", 1),
        ("ко 2 сентября 2023 г.", Ctx::None, Deadline, "2023-09-02", "2023-09-02", 1),
        ("к 1 сентября", Ctx::Y2023, Deadline, "2023-01-01", "2023-09-01", 1),
        ("до 10 марта 2023 года включительно", Ctx::Y2023, Deadline, "2023-01-01", "2023-03-10", 1),
        ("до 01.09.2023 (включительно)", Ctx::Y2023, Deadline, "2023-01-01", "2023-09-01", 1),
        ("срок: до 25.12.2023", Ctx::Y2023, Deadline, "2023-01-01", "2023-12-25", 1),
        ("Срок исполнения – до 1 июня 2023 г.", Ctx::Y2023, Deadline, "2023-01-01", "2023-06-01", 1),
        ("по состоянию на 01.01.2024", Ctx::None, Date, "2024-01-01", "2024-01-01", 1),
        ("по состоянию на 1 сентября 2023 года", Ctx::None, Date, "2023-09-01", "2023-09-01", 1),
        // qualifiers after the date
        ("II квартал 2022 г. (по согласованию)", Ctx::None, Months, "2022-04-01", "2022-06-30", 1),
        ("май – июнь 2022 года включительно", Ctx::None, Range, "2022-05-01", "2022-06-30", 1),
        ("март 2023 г., по согласованию", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("сентябрь 2023 года (по итогам ГИА)", Ctx::None, Months, "2023-09-01", "2023-09-30", 1),
        ("август 2023 (августовское совещание)", Ctx::None, Months, "2023-08-01", "2023-08-31", 1),
        ("май 2023 г. согласно графику Рособрнадзора", Ctx::None, Months, "2023-05-01", "2023-05-31", 1),
        ("апрель 2023 года в соответствии с графиком проведения ВПР", Ctx::None, Months, "2023-04-01", "2023-04-30", 1),
        ("октябрь 2023 г. в рамках методической недели", Ctx::None, Months, "2023-10-01", "2023-10-31", 1),
        ("ноябрь 2023 ориентировочно", Ctx::None, Months, "2023-11-01", "2023-11-30", 1),
        ("ориентировочно ноябрь 2023 г.", Ctx::None, Months, "2023-11-01", "2023-11-30", 1),
        ("предварительно – март 2024 г.", Ctx::None, Months, "2024-03-01", "2024-03-31", 1),
        ("Март 2023[^1]", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("март 2023¹ (по согласованию)", Ctx::None, Months, "2023-03-01", "2023-03-31", 1),
        ("сентябрь 2023 года (1 этап)", Ctx::None, Months, "2023-09-01", "2023-09-30", 1),
        ("в течение года по отдельному плану", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        ("постоянно, по мере необходимости", Ctx::Y2023, WholePlan, "2023-01-01", "2023-12-31", 1),
        // an aside that names another date, and phrases that date nothing
        ("март 2023 (2 этап – октябрь 2023)", Ctx::None, Unknown, "", "", 0),
        ("с 1 марта по 15", Ctx::Y2023, Unknown, "", "", 0),
        ("по отдельному графику", Ctx::Y2023, Unknown, "", "", 0),
        ("в установленные сроки", Ctx::Y2023, Unknown, "", "", 0),
        ("в сроки, установленные Министерством", Ctx::Y2023, Unknown, "", "", 0),
        ("по мере поступления", Ctx::Y2023, Unknown, "", "", 0),
        ("в течение месяца", Ctx::Y2023, Unknown, "", "", 0),
        ("в течение 2 недель", Ctx::Y2023, Unknown, "", "", 0),
        ("с момента утверждения", Ctx::Y2023, Unknown, "", "", 0),
        ("по завершении учебного года", Ctx::Y2023, Unknown, "", "", 0),
        ("до 20 числа месяца, следующего за отчетным", Ctx::Y2023, Unknown, "", "", 0),
        ("к началу учебного года", Ctx::Y2023, Unknown, "", "", 0),
        ("срок", Ctx::Y2023, Unknown, "", "", 0),
        ("в период каникул", Ctx::Y2023, Unknown, "", "", 0),
        // rhythms
        ("ежегодно, до 25 августа", Ctx::Y2023, Recurring, "2023-08-01", "2023-08-31", 1),
        ("каждого месяца до 5 числа", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("каждую неделю", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("по понедельникам", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("еженедельно по пятницам", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("1 раз в четверть", Ctx::Acad, Recurring, "2019-09-01", "2020-08-31", 1),
        ("каждый квартал", Ctx::Liv, Recurring, "2023-02-01", "2023-12-31", 1),
        ("ежемесячно, до 5 числа", Ctx::Y2023, Recurring, "2023-01-01", "2023-12-31", 1),
        ("2 раза в год (апрель, октябрь)", Ctx::Y2023, Recurring, "2023-04-01", "2023-10-31", 2),
        ("ежеквартально (март, июнь, сентябрь, декабрь)", Ctx::Y2023, Recurring, "2023-03-01", "2023-12-31", 4),
    ];

    /// Date forms and the phrases official acts put before and after them:
    /// every lead with every core with every tail must read as the core.
    const CORES: &[Row] = &[
        (
            "1 октября 2023 г.",
            Ctx::None,
            Date,
            "2023-10-01",
            "2023-10-01",
            1,
        ),
        ("15.03.2023", Ctx::None, Date, "2023-03-15", "2023-03-15", 1),
        (
            "20, 21 марта 2023 года",
            Ctx::None,
            Date,
            "2023-03-20",
            "2023-03-21",
            2,
        ),
        (
            "март 2023 г.",
            Ctx::None,
            Months,
            "2023-03-01",
            "2023-03-31",
            1,
        ),
        (
            "февраль, октябрь 2023",
            Ctx::None,
            Months,
            "2023-02-01",
            "2023-10-31",
            2,
        ),
        (
            "март – май 2023 года",
            Ctx::None,
            Range,
            "2023-03-01",
            "2023-05-31",
            1,
        ),
        (
            "с 1 по 10 марта 2023 года",
            Ctx::None,
            Range,
            "2023-03-01",
            "2023-03-10",
            1,
        ),
        (
            "с 01.09.2023 по 31.05.2024",
            Ctx::None,
            Range,
            "2023-09-01",
            "2024-05-31",
            1,
        ),
        (
            "до 1 октября 2023 г.",
            Ctx::None,
            Deadline,
            "2023-10-01",
            "2023-10-01",
            1,
        ),
        (
            "не позднее 15.03.2023",
            Ctx::Y2023,
            Deadline,
            "2023-01-01",
            "2023-03-15",
            1,
        ),
        (
            "II квартал 2023 г.",
            Ctx::None,
            Months,
            "2023-04-01",
            "2023-06-30",
            1,
        ),
        (
            "1 полугодие 2023/2024 учебного года",
            Ctx::None,
            Months,
            "2023-09-01",
            "2023-12-31",
            1,
        ),
        (
            "2023/2024 учебный год",
            Ctx::None,
            Months,
            "2023-09-01",
            "2024-08-31",
            1,
        ),
        (
            "первая декада сентября 2023 г.",
            Ctx::None,
            Range,
            "2023-09-01",
            "2023-09-10",
            1,
        ),
        (
            "летом 2023 года",
            Ctx::None,
            Months,
            "2023-06-01",
            "2023-08-31",
            1,
        ),
        ("апрель", Ctx::Y2023, Months, "2023-04-01", "2023-04-30", 1),
    ];

    const LEAD_SAMPLES: &[&str] = &[
        "",
        "в срок ",
        "Срок: ",
        "Сроки проведения – ",
        "ориентировочно ",
        "плановый срок — ",
        "Дата:\n",
    ];

    const TAIL_SAMPLES: &[&str] = &[
        "",
        " (по согласованию)",
        " включительно",
        ", согласно графику",
        "[^2]",
        "*",
        " (по итогам мониторинга)",
        "\n(ориентировочно)",
    ];

    fn check_rows(rows: &[Row]) {
        let mut failures = Vec::new();
        for &(text, which, kind, start, end, count) in rows {
            let period = Period::parse(text, &ctx(which));
            let expected_start = (!start.is_empty()).then(|| day(start));
            let expected_end = (!end.is_empty()).then(|| day(end));
            let ok = period.kind == kind
                && period.start() == expected_start
                && period.end() == expected_end
                && period.intervals.len() == count
                && period.text == text;
            if !ok {
                failures.push(format!("{text:?} {which:?}: got {period:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn seed_periods() {
        check_rows(SEED_ROWS);
    }

    #[test]
    fn constructed_periods() {
        check_rows(CONSTRUCTED_ROWS);
    }

    #[test]
    fn composed_periods() {
        check_rows(COMPOSED_ROWS);
    }

    #[test]
    fn connective_phrases_around_every_form() {
        let texts: Vec<(String, Row)> = CORES
            .iter()
            .flat_map(|core| {
                LEAD_SAMPLES.iter().flat_map(move |lead| {
                    TAIL_SAMPLES
                        .iter()
                        .map(move |tail| (format!("{lead}{}{tail}", core.0), *core))
                })
            })
            .collect();
        let rows: Vec<Row> = texts
            .iter()
            .map(|(text, core)| {
                let text: &'static str = Box::leak(text.clone().into_boxed_str());
                (text, core.1, core.2, core.3, core.4, core.5)
            })
            .collect();
        check_rows(&rows);
    }

    #[test]
    fn intervals_are_sorted() {
        for &(text, which, ..) in SEED_ROWS.iter().chain(CONSTRUCTED_ROWS) {
            let period = Period::parse(text, &ctx(which));
            assert!(period.intervals.windows(2).all(|w| w[0] <= w[1]), "{text}");
            assert!(period.intervals.iter().all(|i| i.start <= i.end), "{text}");
            assert_eq!(period.is_understood(), period.kind != Unknown);
        }
    }

    #[test]
    fn several_months_are_separate_intervals() {
        let period = Period::parse("февраль, октябрь 2023", &ctx(Ctx::Y2023));
        let expected = vec![
            Interval {
                start: day("2023-02-01"),
                end: day("2023-02-28"),
            },
            Interval {
                start: day("2023-10-01"),
                end: day("2023-10-31"),
            },
        ];
        assert_eq!(period.intervals, expected);
    }

    #[test]
    fn recurrence_details() {
        let cases: &[(&str, Frequency, u32, u32)] = &[
            ("1 раз в месяц", Frequency::Monthly, 1, 1),
            ("ежеквартально", Frequency::Quarterly, 1, 1),
            ("2 раза в год (май, декабрь)", Frequency::Yearly, 2, 2),
            (
                "По плану работы Управления образования, 2-3 раза в год",
                Frequency::Yearly,
                2,
                3,
            ),
            ("ежегодно", Frequency::Yearly, 1, 1),
            ("ежемесячно", Frequency::Monthly, 1, 1),
            ("еженедельно", Frequency::Weekly, 1, 1),
            ("раз в полугодие", Frequency::HalfYearly, 1, 1),
            ("два раза в неделю", Frequency::Weekly, 2, 2),
            ("дважды в учебный год", Frequency::Yearly, 2, 2),
        ];
        for &(text, frequency, times_min, times_max) in cases {
            let period = Period::parse(text, &ctx(Ctx::Liv));
            let expected = Recurrence {
                frequency,
                times_min,
                times_max,
            };
            assert_eq!(period.kind, Recurring, "{text}");
            assert_eq!(period.recurrence, Some(expected), "{text}");
            assert_eq!(period.deadline, None, "{text}");
        }
    }

    #[test]
    fn deadline_day_is_recorded() {
        let cases: &[(&str, Ctx, &str)] = &[
            ("До 10 марта 2023", Ctx::Y2023, "2023-03-10"),
            ("До 1 октября текущего года", Ctx::Liv, "2023-10-01"),
            ("до конца марта 2023", Ctx::None, "2023-03-31"),
            ("не позднее 10.03.2023", Ctx::None, "2023-03-10"),
        ];
        for &(text, which, deadline) in cases {
            let period = Period::parse(text, &ctx(which));
            assert_eq!(period.kind, Deadline, "{text}");
            assert_eq!(period.deadline, Some(day(deadline)), "{text}");
            assert_eq!(period.recurrence, None, "{text}");
        }
        let month = Period::parse("Март 2023", &ctx(Ctx::Y2023));
        assert_eq!((month.deadline, month.recurrence), (None, None));
    }

    #[test]
    fn plan_spans() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("2023 год", Some(("2023-01-01", "2023-12-31"))),
            ("2023", Some(("2023-01-01", "2023-12-31"))),
            (
                "01.02.2023 - 31.12.2023",
                Some(("2023-02-01", "2023-12-31")),
            ),
            ("2019-2020 учебный год", Some(("2019-09-01", "2020-08-31"))),
            ("2019-2020учебный год", Some(("2019-09-01", "2020-08-31"))),
            (
                "на 2019 – 2020 учебный год",
                Some(("2019-09-01", "2020-08-31")),
            ),
            ("2019/2020 уч. г.", Some(("2019-09-01", "2020-08-31"))),
            ("2022-2023 г.г.", Some(("2022-01-01", "2023-12-31"))),
            ("на 2022–2023 годы", Some(("2022-01-01", "2023-12-31"))),
            ("2022 – 2023гг.", Some(("2022-01-01", "2023-12-31"))),
            (
                "с 01.02.2023 по 31.12.2023",
                Some(("2023-02-01", "2023-12-31")),
            ),
            ("март 2023", Some(("2023-03-01", "2023-03-31"))),
            ("март", None),
            ("с 01.02.2023", None),
            ("", None),
            ("Без срока", None),
            ("31.02.2023 - 31.12.2023", None),
        ];
        for &(text, expected) in cases {
            let expected = expected.map(|(start, end)| Interval {
                start: day(start),
                end: day(end),
            });
            assert_eq!(parse_plan_span(text), expected, "{text}");
        }
    }

    /// A tiny deterministic generator, so the test needs no crate.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % below.max(1)
        }
    }

    #[test]
    fn arbitrary_text_never_panics() {
        // '|'-separated, so the list stays compact; the first one is empty.
        let fragments: Vec<&str> = concat!(
            "|-|—|–|--|99999999.99.99|4294967296|0|00.00.0000|31.12.9999|1.1.1|..|с|до|по|",
            "не позднее|конца|в течение|раз|раза|2-3|0 раз в год|в|год|года|г.|текущего|март|",
            "май|декабрь|I|IV|V|квартал|полугодие|учебный|2023|2024/2025|9999-10000|/|(|)|,|;|",
            "и|😀|🗓️|Ω|\u{0}|\u{FEFF}|\u{00AD}|¹|*|ежегодно|еженедельно|٣|ⅠⅡ|Ⅳ квартал|ß|İ|\n|",
            "\t| |9999|2147483647|i полугодие|ноябрь - январь|13-|-13|1мая|в течение 9999 года|",
            "2 раза в год (май, декабрь)|с 31.12.9999 по 01.01.0000"
        )
        .split('|')
        .collect();
        let mut rng = Lcg(7);
        let contexts = [
            ctx(Ctx::Y2023),
            ctx(Ctx::Acad),
            ctx(Ctx::None),
            ctx(Ctx::Only2024),
            PlanContext {
                span: Some(Interval {
                    start: NaiveDate::MIN,
                    end: NaiveDate::MAX,
                }),
                year: Some(i32::MAX),
            },
            PlanContext {
                span: None,
                year: Some(i32::MIN),
            },
            PlanContext {
                span: span("2024-12-31", "2020-01-01"),
                year: None,
            },
            PlanContext {
                span: Some(Interval {
                    start: NaiveDate::MAX,
                    end: NaiveDate::MAX,
                }),
                year: None,
            },
        ];
        let mut inputs: Vec<String> = fragments.iter().map(|f| f.to_string()).collect();
        for _ in 0..400 {
            let parts = 1 + rng.next(6);
            let text: Vec<&str> = (0..parts)
                .map(|_| fragments[rng.next(fragments.len())])
                .collect();
            inputs.push(text.join(if rng.next(2) == 0 { " " } else { "" }));
        }
        for text in &inputs {
            for context in &contexts {
                let period = Period::parse(text, context);
                assert_eq!(&period.text, text);
                let _ = parse_plan_span(text);
            }
        }
        assert!(inputs.len() > 300);
    }
}
