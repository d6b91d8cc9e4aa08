//! `district.yaml`: the territory, its responsible bodies and glossary.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, FileId, Span};
use crate::load::context::Ctx;
use crate::load::raw::{RawDistrict, RawGlossaryEntry, RawKind};
use crate::model::{Body, BodyId, District, GlossaryEntry, Organisation, TerritoryKind};
use crate::yaml::{self, join};

/// Reads a district file; `None` when it cannot be used at all.
pub fn load_district(
    file: FileId,
    text: &str,
    folder: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<District> {
    let parsed = match yaml::parse::<RawDistrict>(file, 0, text) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let raw = parsed.value;
    let mut ctx = Ctx {
        src: text,
        loc: &parsed.locator,
        diags,
    };
    let bodies = convert_bodies(&mut ctx, &raw);
    let glossary = raw
        .glossary
        .iter()
        .enumerate()
        .map(|(i, g)| glossary_entry(&ctx, &join("glossary", i), g))
        .collect();
    let slug = checked_slug(&mut ctx, raw.slug.as_ref(), folder);
    Some(District {
        slug,
        name: ctx.text("name", &raw.name),
        full_name: ctx.opt_text("", "full_name", &raw.full_name),
        kind: match raw.kind {
            RawKind::CityDistrict => TerritoryKind::CityDistrict,
            RawKind::MunicipalDistrict => TerritoryKind::MunicipalDistrict,
            RawKind::Region => TerritoryKind::Region,
        },
        region: ctx.text("region", &raw.region),
        name_span: ctx.loc.value("name"),
        region_span: ctx.loc.value("region"),
        organisation: raw.organisation.as_ref().map(|o| Organisation {
            name: ctx.text("organisation.name", &o.name),
            url: ctx.web_address("organisation", "url", &o.url),
        }),
        bodies,
        glossary,
        not_abbreviations: ctx.list("", "not_abbreviations", &raw.not_abbreviations),
        not_bodies: ctx
            .list("", "not_bodies", &raw.not_bodies)
            .iter()
            .map(|n| n.trim().to_lowercase())
            .collect(),
        attachments: Vec::new(),
        plans: Vec::new(),
        span: Span::new(file, 0, text.find('\n').unwrap_or(text.len())),
        fingerprint: 0,
    })
}

/// The address of a folder or file on the site: the `slug` field if given
/// (checked), else the name transliterated (ГОСТ-free passport table, see
/// slug.rs), so a webmaster may name folders in Russian.
pub fn checked_slug(ctx: &mut Ctx, given: Option<&crate::load::raw::Scalar>, name: &str) -> String {
    if let Some(s) = given {
        let slug = ctx.text("slug", s);
        let valid = !slug.is_empty()
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-');
        if valid {
            return slug;
        }
        ctx.push(
            Diagnostic::error(ctx.value_span("slug"), format!("адрес «{slug}» недопустим"))
                .with_help(format!(
                    "адрес пишут строчными латинскими буквами, цифрами и дефисами, например «{}»",
                    fallback_slug(&slug)
                )),
        );
    }
    fallback_slug(name)
}

fn fallback_slug(name: &str) -> String {
    let slug = crate::slug::slugify(name);
    if slug.is_empty() {
        "bez-nazvaniya".to_string()
    } else {
        slug
    }
}

/// A glossary entry from `district.yaml` or from a plan's glossary block.
pub fn glossary_entry(ctx: &Ctx, path: &str, g: &RawGlossaryEntry) -> GlossaryEntry {
    GlossaryEntry {
        term: ctx.text(&join(path, "term"), &g.term),
        full: ctx.md(&join(path, "full"), &g.full),
        aliases: ctx.list(path, "aliases", &g.aliases),
        mark: ctx.opt_text(path, "mark", &g.mark),
        separator: ctx.opt_text(path, "separator", &g.separator),
        span: ctx.loc.value(&join(path, "term")),
    }
}

fn convert_bodies(ctx: &mut Ctx, raw: &RawDistrict) -> Vec<Body> {
    let mut bodies: Vec<Body> = Vec::new();
    let mut ids: std::collections::HashSet<String> = Default::default();
    let mut names: HashMap<String, BodyId> = HashMap::new();
    for (i, b) in raw.bodies.iter().enumerate() {
        let path = join("bodies", i);
        let id_path = join(&path, "id");
        let id = ctx.text(&id_path, &b.id);
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            ctx.push(
                Diagnostic::error(
                    ctx.value_span(&id_path),
                    format!("недопустимый идентификатор исполнителя «{id}»"),
                )
                .with_label("только строчные латинские буквы, цифры и дефис")
                .with_help(
                    "идентификатор попадает в адрес страницы: например, `imc` или `coko-imc`",
                ),
            );
        }
        if !ids.insert(id.clone()) {
            ctx.push(
                Diagnostic::error(
                    ctx.value_span(&id_path),
                    format!("идентификатор «{id}» уже занят другим исполнителем"),
                )
                .with_help("у каждого исполнителя территории должен быть свой `id`"),
            );
        }
        let body = Body {
            id: BodyId(id),
            name: ctx.text(&join(&path, "name"), &b.name),
            full_name: ctx.opt_text(&path, "full_name", &b.full_name),
            aliases: ctx.list(&path, "aliases", &b.aliases),
            url: ctx.web_address(&path, "url", &b.url),
            parent: ctx.opt_text(&path, "parent", &b.parent).map(BodyId),
            span: ctx.value_span(&path),
        };
        for (j, name) in body.names().enumerate() {
            let key = name.to_lowercase();
            if let Some(other) = names.get(&key).filter(|o| **o != body.id) {
                let at = if j == 0 {
                    join(&path, "name")
                } else {
                    join(&join(&path, "aliases"), j - 1)
                };
                ctx.push(
                    Diagnostic::error(
                        ctx.value_span(&at),
                        format!("название «{name}» уже принадлежит исполнителю «{other}»"),
                    )
                    .with_help(
                        "одно написание может означать только одного исполнителя; уберите повтор",
                    ),
                );
            }
            names.insert(key, body.id.clone());
        }
        bodies.push(body);
    }
    for (i, b) in bodies.iter().enumerate() {
        if let Some(parent) = &b.parent {
            if !ids.contains(&parent.0) {
                let at = join(&join("bodies", i), "parent");
                let ids = bodies.iter().map(|o| o.id.0.as_str());
                let help = match yaml::closest(&parent.0, ids) {
                    Some(c) => format!("возможно, имелось в виду «{c}»"),
                    None => "укажите `id` одного из исполнителей этой территории".to_string(),
                };
                ctx.push(
                    Diagnostic::error(
                        ctx.value_span(&at),
                        format!("неизвестный вышестоящий исполнитель «{parent}»"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    bodies
}
