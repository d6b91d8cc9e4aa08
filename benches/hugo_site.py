#!/usr/bin/env python3
"""Turn a site made by `vekha gen-corpus` into an equivalent Hugo site.

Used by benches/compare_hugo.sh to time Hugo and Vekha on the same plans,
on the same machine, in the same run (the machine's speed changes from day
to day, so figures from different days do not compare).

The Hugo site does the same job as Vekha's core pages, with the work done
the way a Hugo site would do it:
  - one page per plan: its prose (Markdown) and its table, every row from
    the page's front matter through the template, item texts through
    `markdownify` (Vekha renders item texts as Markdown too);
  - an embed page and a JSON file per plan (custom output formats);
  - one page per responsible body (a taxonomy term) listing the rows that
    name it, with its embed page; a page per district and a home page.
Which rows name which body is worked out here, not in the templates (Vekha
does it while loading): each body's page gets its rows in its own front
matter, so Hugo is spared that work. The comparison leans Hugo's way.

Usage: hugo_site.py SOURCE_SITE OUT_DIR
"""

import json
import re
import sys
from pathlib import Path

import yaml

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n?", re.S | re.M)


def split_front_matter(text):
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5:]


def body_matcher(bodies):
    """(id, name, lower-cased spellings) for each body of a district."""
    out = []
    for b in bodies:
        names = [b["name"], *(b.get("aliases") or [])]
        out.append((b["id"], b["name"], [n.lower() for n in names]))
    return out


def named_bodies(text, bodies):
    low = text.lower()
    return [name for _id, name, spellings in bodies if any(s in low for s in spellings)]


def rows_of(table, bodies):
    columns = table.get("columns") or []
    keys = [c["key"] for c in columns]
    body_columns = {c["key"]: c["body"] for c in columns if c.get("body")}
    names = {b[0]: b[1] for b in bodies}
    rows = []

    def item(it, level):
        cells = [str(it.get(k, "") or "") for k in keys]
        named = []
        for k, v in it.items():
            if k in body_columns and v:
                named.append(names.get(body_columns[k], body_columns[k]))
        if it.get("responsible"):
            named += named_bodies(str(it["responsible"]), bodies)
        rows.append({"level": level, "cells": cells, "bodies": sorted(set(named))})
        for child in it.get("items") or []:
            item(child, level + 1)

    def section(s, level):
        rows.append({"level": level, "heading": f'{s.get("number", "")} {s.get("title", "")}'.strip()})
        for it in s.get("items") or []:
            item(it, level + 1)
        for sub in s.get("sections") or []:
            section(sub, level + 1)

    for s in table.get("sections") or []:
        section(s, 0)
    for it in table.get("items") or []:
        item(it, 0)
    return [c.get("title", c["key"]) for c in columns], rows


def convert_plan(path, district, district_name, bodies, body_rows):
    front, body = split_front_matter(path.read_text(encoding="utf-8"))
    tables, prose = [], []
    last = 0
    for m in FENCE.finditer(body):
        prose.append(body[last:m.start()])
        last = m.end()
        data = yaml.safe_load(m.group(2)) or {}
        if m.group(1) == "table":
            tables.append(rows_of(data, bodies))
        elif m.group(1) == "glossary":
            title = data.get("title", "Сокращения")
            entries = "\n".join(f'- **{e["term"]}** — {e["full"]}' for e in data.get("entries") or [])
            prose.append(f"\n## {title}\n\n{entries}\n")
    prose.append(body[last:])
    all_rows = [r for _cols, rows in tables for r in rows]
    named = sorted({b for r in all_rows for b in r.get("bodies", [])})
    ids = {name: id_ for id_, name, _ in bodies}
    url = f"/{district}/{path.stem}/"
    for r in all_rows:
        for b in r.get("bodies", []):
            body_rows.setdefault(b, []).append(
                {"plan": front.get("title", path.stem), "url": url, "cells": r["cells"]}
            )
    page = {
        "title": front.get("title", path.stem),
        "date": str(front.get("updated", "2024-01-01")),
        "district": district_name,
        "period": str(front.get("period", "")),
        "bodies": [f"{district}-{ids.get(b, b)}" for b in named],
        "tables": [{"columns": cols, "rows": rows} for cols, rows in tables],
    }
    # JSON is valid YAML: front matter written as JSON is quick to emit and
    # Hugo reads it as such when it is fenced by braces.
    return json.dumps(page, ensure_ascii=False) + "\n\n" + "".join(prose).strip() + "\n"


CONFIG = """\
baseURL: "/"
relativeURLs: true
title: "Дорожные карты"
languageCode: ru
disableKinds: ["RSS", "sitemap", "robotsTXT", "404"]
taxonomies:
  body: bodies
outputFormats:
  embed:
    mediaType: text/html
    baseName: embed
    isHTML: true
    permalinkable: true
outputs:
  home: [html]
  section: [html]
  page: [html, embed, json]
  taxonomy: [html]
  term: [html, embed]
markup:
  goldmark:
    renderer:
      unsafe: false
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">Дорожные карты</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main><footer>Опубликовано {{ .Date.Format "02.01.2006" }}</footer></body></html>
""",
    "partials/table.html": """{{ range .tables }}<table><thead><tr>{{ range .columns }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead><tbody>
{{ range .rows }}{{ if .heading }}<tr class="section l{{ .level }}"><th colspan="9">{{ .heading }}</th></tr>
{{ else }}<tr class="l{{ .level }}">{{ range $i, $c := .cells }}<td>{{ if eq $i 1 }}{{ $c | markdownify }}{{ else }}{{ $c }}{{ end }}</td>{{ end }}</tr>
{{ end }}{{ end }}</tbody></table>{{ end }}""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.period }}</p>
{{ .Content }}
{{ partial "table.html" .Params }}
<p>Ответственные: {{ range .GetTerms "bodies" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
""",
    "_default/single.embed.html": """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>{{ .Content }}{{ partial "table.html" .Params }}</body></html>
""",
    "_default/single.json": """{{ dict "title" .Title "district" .Params.district "period" .Params.period "tables" .Params.tables | jsonify }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "body-items.html" . }}{{ end }}
""",
    "_default/term.embed.html": """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>{{ partial "body-items.html" . }}</body></html>
""",
    "partials/body-items.html": """<ul>{{ range .Params.items }}<li><a href="{{ .url | relURL }}">{{ .plan }}</a>: {{ index .cells 0 }} {{ index .cells 1 | markdownify }} — {{ delimit .cells " · " }}</li>
{{ end }}</ul>""",
}


def main():
    src, out = Path(sys.argv[1]) / "content", Path(sys.argv[2])
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    (out / "hugo.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = out / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "static").mkdir(exist_ok=True)
    (out / "static" / "style.css").write_text("body{font:16px/1.5 sans-serif;max-width:60rem;margin:auto}\n")
    (content / "_index.md").write_text("---\ntitle: Дорожные карты\n---\n", encoding="utf-8")
    plans = 0
    for district in sorted(p for p in src.iterdir() if p.is_dir()):
        meta = yaml.safe_load((district / "district.yaml").read_text(encoding="utf-8"))
        bodies = body_matcher(meta.get("bodies") or [])
        target = content / district.name
        target.mkdir(exist_ok=True)
        (target / "_index.md").write_text(
            "---\n" + yaml.safe_dump({"title": meta["name"]}, allow_unicode=True) + "---\n",
            encoding="utf-8",
        )
        body_rows = {}
        for plan in sorted(district.glob("*.md")):
            text = convert_plan(plan, district.name, meta["name"], bodies, body_rows)
            (target / plan.name).write_text(text, encoding="utf-8")
            plans += 1
        for id_, name, _ in bodies:
            term = content / "bodies" / f"{district.name}-{id_}"
            term.mkdir(parents=True, exist_ok=True)
            page = {"title": f"{meta['name']} · {name}", "items": body_rows.get(name, [])}
            (term / "_index.md").write_text(json.dumps(page, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"hugo site: {plans} plans → {out}")


if __name__ == "__main__":
    main()
