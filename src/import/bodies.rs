//! Bodies an imported plan names that the territory does not have yet:
//! a name that stands in the responsible cells of two rows or more is
//! proposed, and added to district.yaml as new lines at the end of its
//! `bodies` list — the webmaster's lines stay as they are.

use std::collections::BTreeMap;

use crate::load::bodies::{resolve, BodyNames};
use crate::model::{Body, Plan, ResponsiblePart};

/// A body to add: its id and name as written in the cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub id: String,
    pub name: String,
    /// In how many rows it stands.
    pub rows: usize,
}

/// Names of `plan`'s responsible cells that no body of `known` has, in
/// two rows or more, in the order of their first row.
pub fn propose(plan: &Plan, known: &[Body]) -> Vec<Proposed> {
    let names = BodyNames::new(known);
    let mut rows: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    let mut order = 0;
    for table in plan.tables() {
        for item in table.all_items() {
            let Some(cell) = &item.responsible else {
                continue;
            };
            let (_, unknown) = resolve(&cell.text, &names);
            for u in unknown {
                let name = u.text.trim().to_string();
                let key = name.to_lowercase();
                order += 1;
                rows.entry(key).or_insert((order, 0, name)).1 += 1;
            }
        }
    }
    let mut found: Vec<(usize, usize, String)> =
        rows.into_values().filter(|(_, n, _)| *n >= 2).collect();
    found.sort();
    let mut ids: Vec<String> = known.iter().map(|b| b.id.0.clone()).collect();
    found
        .into_iter()
        .map(|(_, rows, name)| {
            let id = unique_id(&name, &ids);
            ids.push(id.clone());
            Proposed { id, name, rows }
        })
        .collect()
}

/// The bodies a matrix's columns stand for. A header that names a body of
/// the territory gets that body's id; any other header becomes a new body,
/// added to district.yaml with those proposed from responsible cells.
pub struct Levels<'a> {
    names: BodyNames<'a>,
    taken: Vec<String>,
    /// Whether new bodies may be made (district.yaml can take new lines).
    may_add: bool,
    pub new: Vec<Proposed>,
    /// Headers that would have been new bodies had `may_add` allowed it.
    pub refused: Vec<String>,
}

impl<'a> Levels<'a> {
    pub fn new(known: &'a [Body], may_add: bool) -> Levels<'a> {
        Levels {
            names: BodyNames::new(known),
            taken: known.iter().map(|b| b.id.0.clone()).collect(),
            may_add,
            new: Vec::new(),
            refused: Vec::new(),
        }
    }

    /// The id of the body `header` names exactly, if the territory has it.
    pub fn known(&self, header: &str) -> Option<String> {
        let (parts, unknown) = resolve(header, &self.names);
        let mut ids = parts.iter().filter_map(|p| match p {
            ResponsiblePart::Body { id, .. } => Some(id.0.clone()),
            _ => None,
        });
        let id = ids.next()?;
        (unknown.is_empty() && ids.next().is_none()).then_some(id)
    }

    /// The body of a level column: the territory's, a new one made before
    /// from the same header, or a new one (`None` when none may be made).
    pub fn body(&mut self, header: &str) -> Option<String> {
        if let Some(id) = self.known(header) {
            return Some(id);
        }
        let name = header.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(made) = self.new.iter().find(|b| b.name == name) {
            return Some(made.id.clone());
        }
        if !self.may_add {
            if !self.refused.contains(&name) {
                self.refused.push(name);
            }
            return None;
        }
        let id = unique_id(&name, &self.taken);
        self.taken.push(id.clone());
        self.new.push(Proposed {
            id: id.clone(),
            name,
            rows: 0,
        });
        Some(id)
    }
}

/// A body id from its name: Latin letters, digits and hyphens, not taken.
fn unique_id(name: &str, taken: &[String]) -> String {
    // At most 40 letters, cut between words.
    let slug = crate::slug::slugify(name);
    let slug = match slug.char_indices().nth(40) {
        Some((end, _)) => slug[..end]
            .rsplit_once('-')
            .map_or(&slug[..end], |(head, _)| head),
        None => slug.as_str(),
    };
    let base = if slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        slug.to_string()
    } else {
        format!("body-{slug}")
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The YAML lines of `bodies` as list entries at `indent`.
fn entries(bodies: &[Proposed], indent: &str) -> String {
    bodies
        .iter()
        .map(|b| {
            let name = serde_yaml::to_string(&b.name).unwrap_or_default();
            format!(
                "{indent}- id: {}\n{indent}  name: {}\n",
                b.id,
                name.trim_end()
            )
        })
        .collect()
}

/// Whether new bodies can be added by lines: not when `bodies` is written
/// in brackets on one line (`bodies: []`), which only the webmaster may
/// rewrite.
pub fn can_add(district_yaml: &str) -> bool {
    !district_yaml.lines().any(|l| {
        l.starts_with("bodies:")
            && l.split(" #")
                .next()
                .is_some_and(|k| k.trim_end() != "bodies:")
    })
}

/// `district_yaml` with `bodies` added at the end of its `bodies` list (or
/// in a new list at the end of the file). Only lines are added.
pub fn add_to_district(district_yaml: &str, bodies: &[Proposed]) -> String {
    if bodies.is_empty() {
        return district_yaml.to_string();
    }
    let lines: Vec<&str> = district_yaml.lines().collect();
    // `bodies:` with a comment after it opens a list as well.
    let opens_list = |l: &&str| {
        let key = l.split(" #").next().unwrap_or_default().trim_end();
        key == "bodies:"
    };
    let Some(start) = lines.iter().position(opens_list) else {
        let mut out = district_yaml.trim_end().to_string();
        out.push_str("\nbodies:\n");
        out.push_str(&entries(bodies, "  "));
        return out;
    };
    // The list ends before the next top-level line.
    let end = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| !l.is_empty() && !l.starts_with([' ', '-', '#']))
        .map_or(lines.len(), |(i, _)| i);
    let last_filled = (start..end)
        .rev()
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap_or(start);
    // New entries are indented as the webmaster's («- id» or «  - id»).
    let indent = lines[start + 1..end]
        .iter()
        .find_map(|l| {
            l.trim_start()
                .starts_with("- ")
                .then(|| &l[..l.len() - l.trim_start().len()])
        })
        .unwrap_or("  ");
    let entries = entries(bodies, indent);
    let mut out = String::with_capacity(district_yaml.len() + entries.len());
    for line in &lines[..=last_filled] {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&entries);
    for line in &lines[last_filled + 1..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposed(id: &str, name: &str) -> Proposed {
        Proposed {
            id: id.into(),
            name: name.into(),
            rows: 2,
        }
    }

    #[test]
    fn new_bodies_go_to_the_end_of_the_list_and_nothing_else_changes() {
        let yaml = "name: Район\n# наш список\nbodies:\n  - id: imc\n    name: ИМЦ   # центр\n\nglossary:\n  - term: ИМЦ\n    full: центр\n";
        let out = add_to_district(
            yaml,
            &[proposed("rmo", "РМО"), proposed("body-2", "2: школы")],
        );
        assert_eq!(
            out,
            "name: Район\n# наш список\nbodies:\n  - id: imc\n    name: ИМЦ   # центр\n  - id: rmo\n    name: РМО\n  - id: body-2\n    name: '2: школы'\n\nglossary:\n  - term: ИМЦ\n    full: центр\n"
        );
        let value: serde_yaml::Value = serde_yaml::from_str(&out).expect("valid YAML");
        assert_eq!(value["bodies"].as_sequence().map(Vec::len), Some(3));
        let commented = add_to_district(
            "bodies:  # список\n  - id: imc\n    name: ИМЦ\n",
            &[proposed("rmo", "РМО")],
        );
        assert_eq!(
            commented,
            "bodies:  # список\n  - id: imc\n    name: ИМЦ\n  - id: rmo\n    name: РМО\n"
        );
        assert!(!can_add("name: Район\nbodies: []\n"));
        assert!(can_add("name: Район\nbodies:  # список\n"));
        let none = add_to_district("name: Район\n", &[proposed("rmo", "РМО")]);
        assert_eq!(none, "name: Район\nbodies:\n  - id: rmo\n    name: РМО\n");
        let flush = add_to_district(
            "bodies:\n- id: imc\n  name: ИМЦ\n",
            &[proposed("rmo", "РМО")],
        );
        assert_eq!(
            flush,
            "bodies:\n- id: imc\n  name: ИМЦ\n- id: rmo\n  name: РМО\n"
        );
    }

    #[test]
    fn ids_are_latin_and_unique() {
        let taken = vec!["rmo".to_string()];
        assert_eq!(unique_id("РМО", &taken), "rmo-2");
        assert_eq!(unique_id("2 школы", &taken), "body-2-shkoly");
    }
}
