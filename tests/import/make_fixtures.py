#!/usr/bin/env python3
"""Build the office fixtures for `vekha import` from the seed plans.

Each seed plan (content/<district>/<plan>.md) is written out as an HTML
rendition of the document it transcribes, in the document's order, and
LibreOffice (headless) turns that HTML into DOCX (and, for some plans, the
plan table into XLSX). Vekha's own writer is not involved: a reader tested
only against its own writer proves nothing.

    python3 tests/import/make_fixtures.py            # regenerate + verify
    python3 tests/import/make_fixtures.py --verify   # verify existing files
    python3 tests/import/make_fixtures.py --keep-html DIR   # also keep HTML

Needs python3 with PyYAML and LibreOffice Writer and Calc (`soffice`).
The output is deterministic except for the timestamps LibreOffice stamps
on the zip members (see README.md).
"""

import argparse
import collections
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.etree import ElementTree

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
CONTENT = os.path.join(REPO, "content")
FIXTURES = os.path.join(HERE, "fixtures")

# Tables whose equal consecutive cells are merged vertically (rowspan ->
# w:vMerge): (district, plan, table id) -> column keys.
MERGES = {
    ("livensky", "programma-2023", "plan-grafik"): ("period", "responsible", "form"),
}

# The plan whose item numbers become Word automatic numbering, and its table.
NUMBERED = ("kirovsky", "shnor-2023", "plan-meropriyatiy")

# Plans whose (first) plan table is also converted to XLSX.
XLSX = [
    ("centralny", "klaster-intellektualnogo-obrazovaniya"),
    ("kirovsky", "shnor-2023"),
    ("leningradskaya-oblast", "kompleks-mer-2019-2020"),
]

# Column widths (relative) by role, for a readable table.
WIDTHS = {"number": 7, "text": 40, "responsible": 18, "period": 14, "result": 22, "note": 14}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------
# Reading a seed plan
# --------------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^```([A-Za-z_]+)\s*$")
FENCE_CLOSE = re.compile(r"^```\s*$")


def read_plan(path):
    """(front matter, [("prose", text) | (block name, data)])."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise SystemExit(f"{path}: no front matter")
    end = text.index("\n---\n", 4)
    front = yaml.safe_load(text[4:end])
    body = text[end + 5 :].split("\n")
    parts, prose, i = [], [], 0
    while i < len(body):
        m = FENCE_OPEN.match(body[i])
        if not m:
            prose.append(body[i])
            i += 1
            continue
        if "".join(prose).strip():
            parts.append(("prose", "\n".join(prose)))
        prose = []
        j = i + 1
        while not FENCE_CLOSE.match(body[j]):
            j += 1
        data = yaml.safe_load("\n".join(body[i + 1 : j]))
        parts.append((m.group(1), data))
        i = j + 1
    if "".join(prose).strip():
        parts.append(("prose", "\n".join(prose)))
    return front, parts


# --------------------------------------------------------------------------
# Markdown (the subset the seeds use) -> HTML
# --------------------------------------------------------------------------

ITEM = re.compile(r"^( *)([-*+]|\d+[.)])[ \t]+(.*)$")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
FOOTDEF = re.compile(r"^\[\^([^\]]+)\]:[ \t]*(.*)$")


class Notes:
    """Footnotes of one document: definitions, and numbers by first use."""

    def __init__(self, definitions):
        self.definitions = definitions
        self.order = []

    def anchor(self, label):
        if label not in self.order:
            self.order.append(label)
        n = self.order.index(label) + 1
        # LibreOffice's own HTML footnote markup: imported as a real footnote.
        return (
            f'<a class="sdfootnoteanc" name="sdfootnote{n}anc" '
            f'href="#sdfootnote{n}sym"><sup>{n}</sup></a>'
        )

    def html(self):
        out = []
        for n, label in enumerate(self.order, 1):
            text = inline(self.definitions[label], self)
            out.append(
                f'<div id="sdfootnote{n}"><p class="sdfootnote">'
                f'<a class="sdfootnotesym" name="sdfootnote{n}sym" '
                f'href="#sdfootnote{n}anc">{n}</a>{text}</p></div>'
            )
        return "\n".join(out)


def inline(md, notes=None):
    """One run of Markdown text -> HTML (markup dropped, emphasis kept)."""
    s = html.escape(str(md), quote=False)
    placeholders = []

    def note(m):
        if notes is None:
            raise SystemExit(f"footnote [^{m.group(1)}] outside a document")
        placeholders.append(notes.anchor(m.group(1)))
        return f"\x00{len(placeholders) - 1}\x00"

    s = re.sub(r"\[\^([^\]]+)\]", note, s)
    s = re.sub(r"!?\[([^\]]*)\]\(([^)]*)\)", r"\1", s)  # [x](y) -> x
    s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", s)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", s)
    return re.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], s)


def lines_html(lines, notes):
    """Paragraph lines: a line ending in a backslash breaks, others join."""
    out = ""
    for k, line in enumerate(lines):
        line = line.strip()
        last = k == len(lines) - 1
        if line.endswith("\\") and not line.endswith("\\\\"):
            out += inline(line[:-1].rstrip(), notes) + ("" if last else "<br/>")
        else:
            out += inline(line, notes) + ("" if last else " ")
    return out


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def parse_blocks(text):
    """Markdown -> [("h", level, lines) | ("p", lines) | ("list", node)]."""
    lines = str(text).replace("\r\n", "\n").split("\n")
    blocks, i = [], 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if FOOTDEF.match(line):  # collected by footnote_definitions()
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        h = HEADING.match(line)
        if h:
            blocks.append(("h", len(h.group(1)), [h.group(2)]))
            i += 1
            continue
        m = ITEM.match(line)
        if m:
            node, i = parse_list(lines, i, len(m.group(1)))
            blocks.append(("list", node))
            continue
        para = []
        while i < len(lines) and lines[i].strip():
            if para and (ITEM.match(lines[i]) or HEADING.match(lines[i])):
                break
            para.append(lines[i])
            i += 1
        blocks.append(("p", para))
    return blocks


def parse_list(lines, i, base):
    m = ITEM.match(lines[i])
    ordered = m.group(2)[0].isdigit()
    node = {"ordered": ordered, "start": int(m.group(2)[:-1]) if ordered else 1, "items": []}
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j == len(lines):
                return node, j
            m = ITEM.match(lines[j])
            if m and len(m.group(1)) == base and m.group(2)[0].isdigit() == ordered:
                i = j
                continue
            if not m and indent_of(lines[j]) > base and node["items"]:
                node["items"][-1]["paras"].append([])  # a new paragraph in the item
                i = j
                continue
            if m and len(m.group(1)) > base and node["items"]:
                i = j
                continue
            return node, i
        m = ITEM.match(line)
        if m:
            ind = len(m.group(1))
            if ind < base:
                return node, i
            if ind == base:
                if m.group(2)[0].isdigit() != ordered:
                    return node, i
                node["items"].append({"paras": [[m.group(3)]], "children": []})
                i += 1
                continue
            child, i = parse_list(lines, i, ind)
            node["items"][-1]["children"].append(child)
            continue
        if HEADING.match(line) and indent_of(line) <= base:
            return node, i
        # continuation (indented, or lazy) of the item's last paragraph
        item = node["items"][-1]
        if item["children"] and indent_of(line) > base:
            item["paras"].append([])
        item["paras"][-1].append(line)
        i += 1
    return node, i


def list_html(node, notes):
    tag = "ol" if node["ordered"] else "ul"
    start = f' start="{node["start"]}"' if node["ordered"] and node["start"] != 1 else ""
    out = [f"<{tag}{start}>"]
    for item in node["items"]:
        body = "".join(f"<p>{lines_html(p, notes)}</p>" for p in item["paras"] if p)
        body += "".join(list_html(c, notes) for c in item["children"])
        out.append(f"<li>{body}</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def markdown(text, notes, para_attr=""):
    out = []
    for b in parse_blocks(text):
        if b[0] == "h":
            out.append(f"<h{b[1]}>{lines_html(b[2], notes)}</h{b[1]}>")
        elif b[0] == "p":
            out.append(f"<p{para_attr}>{lines_html(b[1], notes)}</p>")
        else:
            out.append(list_html(b[1], notes))
    return "\n".join(out)


def list_lines(node, depth=0):
    """A list as plain lines («1. …», «- …»), for spreadsheet cells."""
    out = []
    for k, item in enumerate(node["items"]):
        marker = f"{node['start'] + k}." if node["ordered"] else "-"
        paras = [p for p in item["paras"] if p]
        for n, p in enumerate(paras):
            prefix = ("   " * depth) + (marker + " " if n == 0 else "")
            out.append(prefix + lines_html(p, None).replace("<br/>", "\n"))
        for c in item["children"]:
            out.extend(list_lines(c, depth + 1))
    return out


def markdown_lines(text):
    """Markdown -> lines of HTML-escaped text with emphasis (for XLSX)."""
    out = []
    for b in parse_blocks(text):
        if b[0] in ("h", "p"):
            out.append(lines_html(b[-1], None).replace("<br/>", "\n"))
        else:
            out.extend(list_lines(b[1]))
    return out


def footnote_definitions(parts):
    defs = {}
    for kind, data in parts:
        if kind != "prose":
            continue
        lines = data.split("\n")
        for k, line in enumerate(lines):
            m = FOOTDEF.match(line)
            if m:
                text = [m.group(2)]
                for more in lines[k + 1 :]:
                    if not more.startswith("    "):
                        break
                    text.append(more.strip())
                defs[m.group(1)] = " ".join(text)
    return defs


# --------------------------------------------------------------------------
# Plan table rows
# --------------------------------------------------------------------------


def table_rows(table):
    """The table's body rows in document order.

    ("section", section) | ("band", label, markdown) | ("item", item, depth)
    """
    rows = []

    def items(its, depth):
        for it in its or []:
            rows.append(("item", it, depth))
            items(it.get("items"), depth + 1)

    def sections(secs):
        for s in secs or []:
            rows.append(("section", s))
            for label, key in (("", "text"), ("Задачи:", "tasks"), ("Показатели:", "indicators")):
                if s.get(key):
                    rows.append(("band", label, s[key]))
            items(s.get("items"), 0)
            sections(s.get("sections"))

    items(table.get("items"), 0)
    sections(table.get("sections"))
    return rows


def cell_value(item, key):
    v = item.get(key)
    if v is None:
        return ""
    return str(v)


def merged_spans(rows, columns, keys):
    """(row index, column key) -> rowspan for the first cell of each run of
    equal non-empty cells in consecutive item rows; covered cells -> 0."""
    spans = {}
    for key in keys:
        if key not in [c["key"] for c in columns]:
            raise SystemExit(f"merge column {key} not in table")
        r = 0
        while r < len(rows):
            if rows[r][0] != "item" or not cell_value(rows[r][1], key):
                r += 1
                continue
            value = cell_value(rows[r][1], key)
            end = r + 1
            while end < len(rows) and rows[end][0] == "item" and cell_value(rows[end][1], key) == value:
                end += 1
            if end - r > 1:
                spans[(r, key)] = end - r
                for k in range(r + 1, end):
                    spans[(k, key)] = 0
            r = end
    return spans


def section_heading(s, notes):
    number = str(s.get("number", "") or "")
    title = inline(s.get("title", "") or "", notes)
    return number, title


def colgroup(columns):
    widths = [WIDTHS.get(c["key"], 100 // max(1, len(columns))) for c in columns]
    if all(c.get("body") for c in columns):
        widths = [1] * len(columns)
    total = sum(widths)
    return "<colgroup>" + "".join(
        f'<col width="{round(100 * w / total)}%"/>' for w in widths
    ) + "</colgroup>"


def table_html(table, notes, merge_keys=()):
    columns = table["columns"]
    n = len(columns)
    rows = table_rows(table)
    spans = merged_spans(rows, columns, merge_keys) if merge_keys else {}
    out = []
    if table.get("caption"):
        out.append(f'<p align="center"><b>{inline(table["caption"], notes)}</b></p>')
    out.append('<table width="100%" border="1" cellpadding="4" cellspacing="0">')
    out.append(colgroup(columns))
    out.append("<thead><tr>")
    for c in columns:
        out.append(f"<th><p>{inline(c.get('title', ''), notes)}</p></th>")
    out.append("</tr></thead>\n<tbody>")
    for r, row in enumerate(rows):
        if row[0] == "section":
            number, title = section_heading(row[1], notes)
            if row[1].get("number_cell"):
                out.append(
                    f"<tr><td><p><b>{html.escape(number)}</b></p></td>"
                    f'<td colspan="{n - 1}"><p><b>{title}</b></p></td></tr>'
                )
            else:
                text = " ".join(x for x in (html.escape(number), title) if x)
                out.append(f'<tr><td colspan="{n}"><p><b>{text}</b></p></td></tr>')
        elif row[0] == "band":
            label = f"<p><b>{row[1]}</b></p>" if row[1] else ""
            out.append(f'<tr><td colspan="{n}">{label}{markdown(row[2], notes)}</td></tr>')
        else:
            item = row[1]
            cells = []
            for c in columns:
                span = spans.get((r, c["key"]), 1)
                if span == 0:
                    continue
                attr = f' rowspan="{span}"' if span > 1 else ""
                value = cell_value(item, c["key"])
                if c["key"] == "number":
                    content = f"<p>{html.escape(value)}</p>" if value else ""
                else:
                    content = markdown(value, notes) if value else ""
                cells.append(f"<td{attr}>{content}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------

SIGNATURE_FIELDS = ("heading", "position", "name", "date", "number", "text")


def stamp_html(stamp, notes):
    out = []
    for key, value in stamp.items():
        if key not in SIGNATURE_FIELDS or value in (None, ""):
            continue
        if key in ("position", "text"):
            out.append(markdown(value, notes))
        elif key == "heading":
            out.append(f"<p><b>{inline(value, notes)}</b></p>")
        else:
            out.append(f"<p>{inline(value, notes)}</p>")
    return "\n".join(out)


def head_html(front, notes):
    out = []
    for mark in front.get("marks") or []:
        out.append(markdown(mark, notes, ' align="right"'))
    stamps = list(front.get("approval") or [])
    if stamps:
        if len(stamps) == 1:
            stamps = [None] + stamps  # a single stamp stands on the right
        out.append('<table width="100%" border="0" cellpadding="4" cellspacing="0">')
        out.append('<colgroup><col width="50%"/><col width="50%"/></colgroup>')
        for k in range(0, len(stamps), 2):
            pair = stamps[k : k + 2] + [None] * (2 - len(stamps[k : k + 2]))
            out.append(
                "<tr>"
                + "".join(f"<td valign=\"top\">{stamp_html(s, notes) if s else ''}</td>" for s in pair)
                + "</tr>"
            )
        out.append("</table>")
    out.append(f'<p align="center"><b>{inline(front["title"], notes)}</b></p>')
    return "\n".join(out)


def glossary_html(g, notes):
    out = []
    if g.get("title"):
        out.append(markdown(g["title"], notes))
    for e in g.get("entries") or []:
        sep = e.get("separator", "–")
        mark = e.get("mark", "") or ""
        if "term" in e:
            out.append(f"<p>{html.escape(str(e['term']))} {html.escape(sep)} {inline(e.get('full', ''), notes)}{html.escape(mark)}</p>")
        else:
            out.append(f"<p>{html.escape(mark)}{html.escape(sep)} {inline(e.get('note', ''), notes)}</p>")
    return "\n".join(out)


def passport_html(p, notes):
    out = []
    if p.get("title"):
        out.append(f'<p align="center"><b>{inline(p["title"], notes)}</b></p>')
    out.append('<table width="100%" border="1" cellpadding="4" cellspacing="0">')
    out.append('<colgroup><col width="30%"/><col width="70%"/></colgroup>')
    for row in p.get("rows") or []:
        out.append(
            f"<tr><td>{markdown(row.get('label', ''), notes)}</td>"
            f"<td>{markdown(row.get('text', ''), notes)}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def signature_html(data, notes):
    sigs = data if isinstance(data, list) else [data]
    return "\n".join(stamp_html(s, notes) for s in sigs)


def document_html(district, slug, front, parts):
    notes = Notes(footnote_definitions(parts))
    body = []
    if not any(kind == "head" for kind, _ in parts):
        body.append(head_html(front, notes))
    for kind, data in parts:
        if kind == "prose":
            body.append(markdown(data, notes))
        elif kind == "head":
            body.append(head_html(front, notes))
        elif kind == "table":
            merge = MERGES.get((district, slug, data.get("id")), ())
            body.append(table_html(data, notes, merge))
        elif kind == "passport":
            body.append(passport_html(data, notes))
        elif kind == "glossary":
            body.append(glossary_html(data, notes))
        elif kind == "signature":
            body.append(signature_html(data, notes))
        else:
            raise SystemExit(f"{district}/{slug}: unknown block {kind}")
    body.append(notes.html())
    title = html.escape(str(front.get("short_title") or front["title"]))
    return (
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"/>"
        f"<title>{title}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def sheet_html(front, table):
    """The plan table alone, for Calc: one text line per paragraph."""
    columns = table["columns"]
    n = len(columns)

    def text(md):
        return "<br/>".join(x.replace("\n", "<br/>") for x in markdown_lines(md))

    out = [
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"/>"
        f"<title>{html.escape(str(front.get('short_title') or front['title']))}</title></head><body>",
        '<table border="1">',
        "<thead><tr>" + "".join(f"<th>{inline(c.get('title', ''))}</th>" for c in columns) + "</tr></thead>",
        "<tbody>",
    ]
    for row in table_rows(table):
        if row[0] == "section":
            number, title = section_heading(row[1], None)
            if row[1].get("number_cell"):
                out.append(f'<tr><td>{html.escape(number)}</td><td colspan="{n - 1}">{title}</td></tr>')
            else:
                out.append(f'<tr><td colspan="{n}">' + " ".join(x for x in (html.escape(number), title) if x) + "</td></tr>")
        elif row[0] == "band":
            label = row[1] + "<br/>" if row[1] else ""
            out.append(f'<tr><td colspan="{n}">{label}{text(row[2])}</td></tr>')
        else:
            cells = []
            for c in columns:
                value = cell_value(row[1], c["key"])
                cells.append(f"<td>{html.escape(value) if c['key'] == 'number' else text(value)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></body></html>\n")
    return "\n".join(out)


# --------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------


def soffice(args, tmp):
    profile = "file://" + os.path.join(tmp, "profile")
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore"] + args
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise SystemExit(f"soffice failed: {' '.join(cmd)}\n{run.stdout}\n{run.stderr}")
    return run.stdout


def soffice_version():
    out = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout
    return out.strip()


# --------------------------------------------------------------------------
# Word automatic numbering for the numbered fixture
# --------------------------------------------------------------------------

DOTTED, PLAIN = "dotted", "plain"


def parse_number(number):
    """«2.1.1.» -> ([2, 1, 1], dotted); «1.14» -> ([1, 14], plain)."""
    s = number.strip()
    dotted = s.endswith(".")
    parts = s.rstrip(".").split(".")
    if not all(p.isdigit() for p in parts):
        raise SystemExit(f"item number {number!r} is not n.n.n")
    return [int(p) for p in parts], (DOTTED if dotted else PLAIN)


def label(values, style):
    return ".".join(str(v) for v in values) + ("." if style == DOTTED else "")


class Counters:
    """The counters of each list, replayed the way a reader would.

    Every list here has an abstract definition of its own, so the lists
    share no counters. A level that no paragraph of the list has taken yet
    shows its start value (from `w:start` of the definition, or from
    `w:startOverride` of the list). word=False replays Vekha's importer
    (src/import/numbering.rs); word=True also marks those levels taken, as
    Word does (a level-2 paragraph first in a list makes level 1 «used», so
    the next level-1 paragraph shows 2). A paragraph stays in the current
    list only when both give the seed's number.
    """

    def __init__(self, word):
        self.word = word
        self.values = {}  # list id -> [value or None] * 9

    def copy(self):
        c = Counters(self.word)
        c.values = {k: list(v) for k, v in self.values.items()}
        return c

    def next(self, num, level):
        values = self.values.setdefault(num["id"], [None] * 9)

        def start(k):
            return num["override"].get(k, num["starts"].get(k, 1))

        if self.word:
            for k in range(level):
                if values[k] is None:
                    values[k] = start(k)
        values[level] = start(level) if values[level] is None else values[level] + 1
        for k in range(level + 1, 9):
            values[k] = None
        return [values[k] if values[k] is not None else start(k) for k in range(level + 1)]


def allocate_lists(numbers):
    """Lists so that Word shows exactly `numbers`, in order.

    A list (one w:abstractNum and one w:num) is DOTTED («%1.», «%1.%2.»,
    «%1.%2.%3.») or PLAIN («%1», «%1.%2», «%1.%2.%3», for the seed's numbers
    typed without the final dot). A new list starts wherever continuing the
    current list of that style would show another number. Its first
    paragraph's level starts from w:startOverride (when not 1); the levels
    above it, which no paragraph of the list takes (the section numbers are
    Roman text in the section rows), show the start values of the list's
    own definition (w:start).
    """
    nums, uses = [], []
    current = {}
    models = [Counters(False), Counters(True)]
    for number in numbers:
        values, style = parse_number(number)
        level = len(values) - 1
        num = current.get(style)
        ok = num is not None and all(m.copy().next(num, level) == values for m in models)
        if not ok:
            num = {
                "id": len(nums),
                "style": style,
                "starts": {k: values[k] for k in range(level)},
                "override": {level: values[level]} if values[level] != 1 else {},
            }
            nums.append(num)
            current[style] = num
        shown = [m.next(num, level) for m in models]
        if any(s != values for s in shown):
            raise SystemExit(f"cannot number {number}: lists show {shown}")
        uses.append((num["id"], level))
    return nums, uses


def abstract_xml(abstract_id, style, starts):
    levels = []
    for lvl in range(9):
        text = ".".join(f"%{k + 1}" for k in range(lvl + 1)) + ("." if style == DOTTED else "")
        levels.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="{starts.get(lvl, 1)}"/><w:numFmt w:val="decimal"/>'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:hanging="0"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:nsid w:val="{0x5645A000 + abstract_id:08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/>' + "".join(levels) + "</w:abstractNum>"
    )


def num_xml(num_id, abstract_id, override):
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for lvl, v in sorted(override.items())
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'




def split_elements(xml, tag):
    """Top-level <w:tag>…</w:tag> spans of xml (no nesting of tag)."""
    spans, pos = [], 0
    opener = re.compile(rf"<w:{tag}(?=[ >])")
    while True:
        m = opener.search(xml, pos)
        if not m:
            return spans
        end = xml.index(f"</w:{tag}>", m.end()) + len(f"</w:{tag}>")
        inner = opener.search(xml, m.end(), end)
        if inner:
            raise SystemExit(f"nested <w:{tag}> not expected")
        spans.append((m.start(), end))
        pos = end


def text_of(xml):
    return "".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def number_cell(tc, num_id, level, expected):
    """The cell with its only paragraph emptied and numbered."""
    paras = [(a, b) for a, b in split_elements(tc, "p")]
    if len(paras) != 1:
        raise SystemExit(f"number cell with {len(paras)} paragraphs")
    a, b = paras[0]
    p = tc[a:b]
    if text_of(p).strip() != expected:
        raise SystemExit(f"number cell says {text_of(p)!r}, expected {expected!r}")
    ppr = re.search(r"<w:pPr>.*?</w:pPr>", p, re.S)
    ppr = ppr.group(0) if ppr else "<w:pPr></w:pPr>"
    numpr = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    style = re.search(r"<w:pStyle [^>]*/>", ppr)
    at = style.end() if style else len("<w:pPr>")
    ppr = ppr[:at] + numpr + ppr[at:]
    return tc[:a] + "<w:p>" + ppr + "</w:p>" + tc[b:]


def number_items(docx_in, docx_out, table, numbers_out):
    """Post-process: the plan table's item numbers become automatic numbering."""
    with zipfile.ZipFile(docx_in) as z:
        parts = {i.filename: (i, z.read(i.filename)) for i in z.infolist()}
    document = parts["word/document.xml"][1].decode("utf-8")
    numbering = parts["word/numbering.xml"][1].decode("utf-8")

    rows = table_rows(table)
    numbers = [str(r[1]["number"]) for r in rows if r[0] == "item"]
    nums, uses = allocate_lists(numbers)

    # Ids after LibreOffice's own.
    abstract_ids = [int(x) for x in re.findall(r'<w:abstractNum w:abstractNumId="(\d+)"', numbering)]
    num_ids = [int(x) for x in re.findall(r'<w:num w:numId="(\d+)"', numbering)]
    first_abstract = max(abstract_ids, default=-1) + 1
    first_num = max(num_ids, default=0) + 1

    # The plan table: its header row's cells are the column titles.
    titles = [c.get("title", "") for c in table["columns"]]
    target = None
    for a, b in split_elements(document, "tbl"):
        trs = split_elements(document[a:b], "tr")
        head = document[a:b][trs[0][0] : trs[0][1]]
        cells = [text_of(head[x:y]) for x, y in split_elements(head, "tc")]
        if cells == titles:
            if target:
                raise SystemExit("two tables with the plan table's header")
            target = (a, b)
    if target is None:
        raise SystemExit("plan table not found in document.xml")
    a, b = target
    tbl = document[a:b]
    trs = split_elements(tbl, "tr")
    if len(trs) != len(rows) + 1:
        raise SystemExit(f"plan table has {len(trs) - 1} body rows, expected {len(rows)}")
    out, pos, k = [], 0, 0
    for (x, y), row in zip(trs[1:], rows):
        if row[0] != "item":
            continue
        tr = tbl[x:y]
        tcs = split_elements(tr, "tc")
        c0, c1 = tcs[0]
        num_id, level = uses[k]
        new_tc = number_cell(tr[c0:c1], first_num + num_id, level, numbers[k])
        out.append(tbl[pos:x] + tr[:c0] + new_tc + tr[c1:])
        pos = y
        k += 1
    out.append(tbl[pos:])
    document = document[:a] + "".join(out) + document[b:]

    abstracts = "".join(abstract_xml(first_abstract + n["id"], n["style"], n["starts"]) for n in nums)
    lists = "".join(num_xml(first_num + n["id"], first_abstract + n["id"], n["override"]) for n in nums)
    m = re.search(r"<w:num(?=[ >])", numbering)
    at = m.start() if m else numbering.index("</w:numbering>")
    numbering = numbering[:at] + abstracts + numbering[at:]
    numbering = numbering.replace("</w:numbering>", lists + "</w:numbering>")

    parts["word/document.xml"] = (parts["word/document.xml"][0], document.encode("utf-8"))
    parts["word/numbering.xml"] = (parts["word/numbering.xml"][0], numbering.encode("utf-8"))
    with zipfile.ZipFile(docx_out, "w") as z:
        for name, (info, data) in parts.items():  # LibreOffice's order and zip entries
            z.writestr(info, data, compress_type=info.compress_type)

    numbers_out.update(
        numbers=numbers,
        uses=[(first_num + n, lvl) for n, lvl in uses],
        nums=[(first_num + n["id"], first_abstract + n["id"], n) for n in nums],
    )


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def seeds():
    out = []
    for district in sorted(os.listdir(CONTENT)):
        folder = os.path.join(CONTENT, district)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                out.append((district, name[:-3], os.path.join(folder, name)))
    return out


def first_table(parts):
    for kind, data in parts:
        if kind == "table":
            return data
    raise SystemExit("no table")


def build(keep_html=None):
    os.makedirs(FIXTURES, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vekha-fixtures-") as tmp:
        src = os.path.join(tmp, "html")
        docx_dir = os.path.join(tmp, "docx")
        xlsx_dir = os.path.join(tmp, "xlsx")
        for d in (src, docx_dir, xlsx_dir):
            os.makedirs(d)
        plans = {}
        docs, sheets = [], []
        for district, slug, path in seeds():
            front, parts = read_plan(path)
            plans[(district, slug)] = parts
            name = f"{district}-{slug}"
            with open(os.path.join(src, name + ".html"), "w", encoding="utf-8") as f:
                f.write(document_html(district, slug, front, parts))
            docs.append(os.path.join(src, name + ".html"))
            if (district, slug) in XLSX:
                sheet = os.path.join(src, "sheets", name + ".html")
                os.makedirs(os.path.dirname(sheet), exist_ok=True)
                with open(sheet, "w", encoding="utf-8") as f:
                    f.write(sheet_html(front, first_table(parts)))
                sheets.append(sheet)
        if keep_html:
            shutil.copytree(src, keep_html, dirs_exist_ok=True)

        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", docx_dir] + docs, tmp)
        # Calc's HTML import, Russian locale (1049): «1.10» stays text (the
        # decimal separator is a comma), dates are not detected (0 0).
        soffice(
            ["--infilter=HTML (StarCalc):1049 0 0", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
             "--outdir", xlsx_dir] + sheets,
            tmp,
        )

        written = []
        for district, slug, _ in seeds():
            name = f"{district}-{slug}"
            produced = os.path.join(docx_dir, name + ".docx")
            if (district, slug) == NUMBERED[:2]:
                plain = os.path.join(FIXTURES, name + "-plain.docx")
                shutil.copyfile(produced, plain)
                table = next(d for k, d in plans[(district, slug)] if k == "table" and d.get("id") == NUMBERED[2])
                info = {}
                number_items(produced, os.path.join(FIXTURES, name + ".docx"), table, info)
                written += [plain, os.path.join(FIXTURES, name + ".docx")]
                print_numbering(info)
            else:
                shutil.copyfile(produced, os.path.join(FIXTURES, name + ".docx"))
                written.append(os.path.join(FIXTURES, name + ".docx"))
            if (district, slug) in XLSX:
                shutil.copyfile(os.path.join(xlsx_dir, name + ".xlsx"), os.path.join(FIXTURES, name + ".xlsx"))
                written.append(os.path.join(FIXTURES, name + ".xlsx"))
        # OpenDocument renditions: LibreOffice's own formats, converted from
        # the fixtures above (Word's automatic numbering becomes ODF list
        # styles with continue-numbering and start-value).
        odf_dir = os.path.join(tmp, "odf")
        os.makedirs(odf_dir)
        odt_from = [w for w in written if w.endswith(".docx") and not w.endswith("-plain.docx")]
        ods_from = [w for w in written if w.endswith(".xlsx")]
        soffice(["--convert-to", "odt", "--outdir", odf_dir] + odt_from, tmp)
        soffice(["--convert-to", "ods", "--outdir", odf_dir] + ods_from, tmp)
        for source in odt_from + ods_from:
            stem = os.path.splitext(os.path.basename(source))[0]
            ext = ".odt" if source.endswith(".docx") else ".ods"
            target = os.path.join(FIXTURES, stem + ext)
            shutil.copyfile(os.path.join(odf_dir, stem + ext), target)
            written.append(target)
        for w in written:
            print("wrote", os.path.relpath(w, REPO))


def print_numbering(info):
    print("numbered lists (w:num -> abstractNum, startOverride by level):")
    for num_id, abstract_id, n in info["nums"]:
        first = info["numbers"][[u[0] for u in info["uses"]].index(num_id)]
        count = sum(1 for u in info["uses"] if u[0] == num_id)
        print(f"  numId {num_id} -> abstractNum {abstract_id} ({n['style']}): w:start {n['starts']}, "
              f"startOverride {n['override']}; {count} paragraphs from {first}")


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------


class Failed(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failed(message)


def docx_parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")}


def read_numbering(xml):
    abstracts = {}
    for a, b in split_elements(xml, "abstractNum"):
        part = xml[a:b]
        aid = re.search(r'w:abstractNumId="(\d+)"', part).group(1)
        levels = {}
        for x, y in split_elements(part, "lvl"):
            lvl = part[x:y]
            ilvl = int(re.search(r'w:ilvl="(\d+)"', lvl).group(1))
            start = re.search(r'<w:start w:val="(\d+)"', lvl)
            fmt = re.search(r'<w:numFmt w:val="([^"]+)"', lvl)
            text = re.search(r'<w:lvlText w:val="([^"]*)"', lvl)
            levels[ilvl] = (int(start.group(1)) if start else 1, fmt.group(1) if fmt else "decimal",
                            html.unescape(text.group(1)) if text else "")
        abstracts[aid] = levels
    nums = {}
    for a, b in split_elements(xml, "num"):
        part = xml[a:b]
        nid = re.search(r'w:numId="(\d+)"', part).group(1)
        aid = re.search(r'<w:abstractNumId w:val="(\d+)"', part).group(1)
        restarts = {int(l): int(v) for l, v in re.findall(
            r'<w:lvlOverride w:ilvl="(\d+)"><w:startOverride w:val="(\d+)"/>', part)}
        nums[nid] = (aid, restarts)
    return abstracts, nums


def replay(abstracts, nums, paragraphs, word):
    """Numbers shown for [(numId, ilvl)] in order, decimal lists only."""
    counters, started, shown = {}, set(), []
    for nid, level in paragraphs:
        aid, restarts = nums[nid]
        levels = abstracts[aid]
        values = counters.setdefault(aid, [None] * 9)
        if nid not in started:
            started.add(nid)
            for lvl in restarts:
                values[lvl] = None

        def start(k):
            return restarts.get(k, levels[k][0])

        if word:
            for k in range(level):
                if values[k] is None:
                    values[k] = start(k)
        values[level] = start(level) if values[level] is None else values[level] + 1
        for k in range(level + 1, 9):
            values[k] = None
        text = levels[level][2]
        for k in range(9, 0, -1):
            v = values[k - 1] if values[k - 1] is not None else start(k - 1)
            text = text.replace(f"%{k}", str(v))
        shown.append(text)
    return shown


def tables_of(document):
    out = []
    for a, b in split_elements(document, "tbl"):
        tbl = document[a:b]
        rows = []
        for x, y in split_elements(tbl, "tr"):
            tr = tbl[x:y]
            cells = [tr[c:d] for c, d in split_elements(tr, "tc")]
            rows.append((tr, cells))
        out.append((tbl, rows))
    return out


def words(text):
    return re.findall(r"\w+", text)


def paragraphs_text(xml):
    """Text with a space for each paragraph end, line break and tab."""
    xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>", "<w:t> </w:t>", xml)
    return text_of(xml)


def docx_text(parts):
    doc = parts["word/document.xml"]
    notes = parts.get("word/footnotes.xml", "")
    return paragraphs_text(doc) + " " + paragraphs_text(notes)


def html_text(markup):
    markup = re.sub(r"<title>.*?</title>", " ", markup, flags=re.S)
    # Footnote numbers are Word's, not text.
    markup = re.sub(r'<a class="sdfootnote(?:anc|sym)"[^>]*>.*?</a>', " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def seed_words(front, parts):
    """Every word of the seed's document content (not site metadata)."""
    chunks = [front.get("title", "")] + list(front.get("marks") or [])
    for s in front.get("approval") or []:
        chunks += [str(v) for k, v in s.items() if k in SIGNATURE_FIELDS]

    def walk(value, skip=("id", "key", "body", "year", "number_cell", "separator", "status")):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in skip:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None:
            chunks.append(str(value))

    for kind, data in parts:
        if kind == "prose":
            chunks.append(data)
        else:
            walk(data)
    # Ordered-list markers are Word's numbering, not text.
    text = "\n".join(re.sub(r"(?m)^[ \t]*\d+[.)][ \t]+", "", c) for c in chunks)
    text = re.sub(r"\[\^[^\]]+\]:?", " ", text)  # footnote labels
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", text)
    return words(text)


def libreoffice_numbers(docx):
    """The № cells' numbers as LibreOffice shows them (its text export)."""
    with tempfile.TemporaryDirectory(prefix="vekha-fixtures-") as tmp:
        soffice(["--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, docx], tmp)
        name = os.path.splitext(os.path.basename(docx))[0] + ".txt"
        with open(os.path.join(tmp, name), encoding="utf-8-sig") as f:
            lines = f.read().split("\n")
    return [l.strip() for l in lines if re.fullmatch(r"\s+\d+(?:\.\d+)+\.?\s*", l)]


def verify():
    results = []
    version = soffice_version() if shutil.which("soffice") else "?"
    for district, slug, path in seeds():
        front, parts = read_plan(path)
        name = f"{district}-{slug}"
        markup = document_html(district, slug, front, parts)
        files = [name + ".docx"]
        if (district, slug) == NUMBERED[:2]:
            files.append(name + "-plain.docx")
        for file in files:
            full = os.path.join(FIXTURES, file)
            parts_x = docx_parts(full)
            doc = parts_x["word/document.xml"]
            facts = []
            for part, xml in parts_x.items():
                try:
                    ElementTree.fromstring(xml.encode("utf-8"))
                except ElementTree.ParseError as e:
                    raise Failed(f"{file}: {part} is not well-formed: {e}")
            numbered_file = file == name + ".docx" and (district, slug) == NUMBERED[:2]

            # Every word of the seed is in the HTML, and every word of the
            # HTML (in order) is in the DOCX.
            seed = collections.Counter(w.lower() for w in seed_words(front, parts))
            html_words = [w.lower() for w in words(html_text(markup))]
            if any((d, s) == (district, slug) for d, s, _ in MERGES):
                # Merged cells say once what the seed says in each row.
                missing = set(seed) - set(html_words)
            else:
                missing = seed - collections.Counter(html_words)
            check(not missing, f"{file}: seed words missing from HTML: {sorted(missing)[:20]}")
            docx_words = [w.lower() for w in words(docx_text(parts_x))]
            if numbered_file:
                # Item numbers are no longer text: drop them from the HTML words.
                table = next(d for k, d in parts if k == "table" and d.get("id") == NUMBERED[2])
                gone = collections.Counter()
                for r in table_rows(table):
                    if r[0] == "item":
                        gone.update(words(str(r[1]["number"])))
                expected = collections.Counter(html_words) - gone
                check(expected == collections.Counter(docx_words),
                      f"{file}: words differ from HTML: {(expected - collections.Counter(docx_words)) + (collections.Counter(docx_words) - expected)}")
            else:
                check(html_words == docx_words, f"{file}: DOCX text differs from the HTML rendition")
            facts.append(f"{len(docx_words)} words = HTML rendition; all seed words present")

            tables = tables_of(doc)
            for t_index, (tbl, rows) in enumerate(tables):
                if "<w:tblHeader" in rows[0][0]:
                    check(re.search(r'<w:tblHeader(?: w:val="(?:true|1|on)")?/>', rows[0][0]), "tblHeader value")
            headed = [t for t in tables if re.search(r"<w:tblHeader", t[1][0][0])]
            plan_tables = [d for k, d in parts if k == "table"]
            check(len(headed) == len(plan_tables), f"{file}: {len(headed)} tables with tblHeader, {len(plan_tables)} plan tables")
            for (tbl, rows), table in zip(headed, plan_tables):
                titles = [c.get("title", "") for c in table["columns"]]
                check([text_of(c) for c in rows[0][1]] == titles, f"{file}: header row {[text_of(c) for c in rows[0][1]]}")
                check(all("<w:tblHeader" not in tr for tr, _ in rows[1:]), f"{file}: tblHeader below the first row")
                trows = table_rows(table)
                check(len(rows) == len(trows) + 1, f"{file}: {len(rows) - 1} rows, expected {len(trows)}")
                n = len(table["columns"])
                spans = 0
                for (tr, cells), r in zip(rows[1:], trows):
                    if r[0] == "section" and not r[1].get("number_cell") or r[0] == "band":
                        check(len(cells) == 1 and f'<w:gridSpan w:val="{n}"/>' in cells[0],
                              f"{file}: section row without gridSpan {n}")
                        spans += 1
                facts.append(f"table «{titles[0][:12]}…»: <w:tblHeader w:val=\"true\"/> on header row, "
                             f"{len(rows) - 1} body rows, {spans} full-width rows with <w:gridSpan w:val=\"{n}\"/>")
                keys = MERGES.get((district, slug, table.get("id")))
                if keys:
                    col = {c["key"]: k for k, c in enumerate(table["columns"])}
                    spans_map = merged_spans(trows, table["columns"], keys)
                    restarts = conts = 0
                    for ri, ((tr, cells), r) in enumerate(zip(rows[1:], trows)):
                        for key in keys:
                            cell = cells[col[key]]
                            span = spans_map.get((ri, key), 1)
                            if span > 1:
                                check('<w:vMerge w:val="restart"/>' in cell, f"{file}: row {ri} {key}: no vMerge restart")
                                restarts += 1
                            elif span == 0:
                                check(re.search(r'<w:vMerge(?: w:val="continue")?/>', cell) and not text_of(cell).strip(),
                                      f"{file}: row {ri} {key}: no vMerge continue")
                                conts += 1
                            else:
                                check("<w:vMerge" not in cell, f"{file}: row {ri} {key}: unexpected vMerge")
                    facts.append(f"rowspans on {', '.join(keys)}: {restarts} <w:vMerge w:val=\"restart\"/>, {conts} continue cells")

            if front.get("approval"):
                stamp = tables[0][0]
                check("<w:tblHeader" not in stamp, "stamp table has a header")
                borders = re.findall(r"<w:(?:tblBorders|tcBorders)>(.*?)</w:(?:tblBorders|tcBorders)>", stamp)
                check(all(not b.strip() for b in borders) and "<w:tblBorders" not in stamp.replace("<w:tblBorders></w:tblBorders>", ""),
                      f"{file}: stamp table has borders")
                check(len(tables[0][1][0][1]) == 2, f"{file}: stamp table is not two cells wide")
                facts.append("approval stamps: two-cell table with empty <w:tcBorders> (borderless)")
            if any(k == "passport" for k, _ in parts):
                facts.append("passport: two-column table")
            if "<w:footnoteReference" in doc:
                facts.append("real footnote (<w:footnoteReference>, word/footnotes.xml)")
            if "<w:numPr>" in doc:
                facts.append(f"{doc.count('<w:numPr>')} list paragraphs with <w:numPr>")
            if re.search(r'w:val="Heading2"', doc):
                facts.append("## headings as Heading2")

            if numbered_file:
                abstracts, nums = read_numbering(parts_x["word/numbering.xml"])
                table = next(d for k, d in parts if k == "table" and d.get("id") == NUMBERED[2])
                titles = [c.get("title", "") for c in table["columns"]]
                tbl, rows = next(t for t in tables if [text_of(c) for c in t[1][0][1]] == titles)
                trows = table_rows(table)
                paragraphs, expected = [], []
                for (tr, cells), r in zip(rows[1:], trows):
                    if r[0] != "item":
                        continue
                    cell = cells[0]
                    m = re.search(r'<w:numPr><w:ilvl w:val="(\d+)"/><w:numId w:val="(\d+)"/></w:numPr>', cell)
                    check(m and not text_of(cell).strip(), f"{file}: number cell without numPr or with text")
                    paragraphs.append((m.group(2), int(m.group(1))))
                    expected.append(str(r[1]["number"]).strip())
                ours = sorted({nid for nid, _ in paragraphs}, key=int)
                used_abstracts = sorted({nums[n][0] for n in ours}, key=int)
                for aid in used_abstracts:
                    texts = [abstracts[aid][k][2] for k in range(3)]
                    check(texts in (["%1.", "%1.%2.", "%1.%2.%3."], ["%1", "%1.%2", "%1.%2.%3"]),
                          f"abstractNum {aid} levels {texts}")
                    check(all(abstracts[aid][k][1] == "decimal" for k in range(3)), "not decimal")
                for word in (False, True):
                    shown = replay(abstracts, nums, paragraphs, word)
                    bad = [(e, s) for e, s in zip(expected, shown) if e != s]
                    check(not bad, f"{file}: numbers shown differ ({'Word' if word else 'importer'} model): {bad[:5]}")
                overrides = sum(len(nums[n][1]) for n in ours)
                facts.append(f"{len(paragraphs)} № cells are empty paragraphs with <w:numPr> (ilvl 1 or 2); "
                             f"numbering.xml: {len(ours)} <w:num> (ids {ours[0]}–{ours[-1]}), each with its own "
                             f"<w:abstractNum> ({used_abstracts[0]}–{used_abstracts[-1]}), levels «%1.» «%1.%2.» «%1.%2.%3.» "
                             f"or «%1» «%1.%2» «%1.%2.%3», {overrides} startOverride; "
                             f"numbers replayed = seed numbers (importer model and Word model)")
                if shutil.which("soffice"):
                    shown = libreoffice_numbers(full)
                    check(shown == expected, f"{file}: LibreOffice shows {[(e, s) for e, s in zip(expected, shown) if e != s][:5]}")
                    facts.append("LibreOffice renders the same numbers (DOCX -> text export)")
                check("word/numbering.xml" in parts_x["word/_rels/document.xml.rels"] or
                      "numbering.xml" in parts_x["word/_rels/document.xml.rels"], "numbering part not related")
            results.append((file, facts))

        if (district, slug) in XLSX:
            file = name + ".xlsx"
            with zipfile.ZipFile(os.path.join(FIXTURES, file)) as z:
                sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
                strings = z.read("xl/sharedStrings.xml").decode("utf-8")
            sst = [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in re.findall(r"<si>(.*?)</si>", strings, re.S)]
            table = first_table(parts)
            trows = table_rows(table)
            n = len(table["columns"])
            merges = re.findall(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/>', sheet)
            full = [m for m in merges if m[1] == m[3] and m[0] == "A" and ord(m[2]) - ord("A") + 1 == n]
            expect_full = sum(1 for r in trows if r[0] == "band" or r[0] == "section" and not r[1].get("number_cell"))
            check(len(full) == expect_full, f"{file}: {len(full)} merged full rows, expected {expect_full}")
            cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', sheet))
            types = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*? t="(\w+)"', sheet))
            numbers_ok = 0
            if table["columns"][0]["key"] == "number":
                row_no = 1
                for r in trows:
                    row_no += 1
                    if r[0] != "item":
                        continue
                    ref = f"A{row_no}"
                    v = re.search(r"<v>(.*?)</v>", cells.get(ref, "") or "")
                    got = sst[int(v.group(1))] if types.get(ref) == "s" else (v.group(1) if v else "")
                    check(got == str(r[1]["number"]), f"{file}: {ref} is {got!r}, expected {r[1]['number']!r}")
                    numbers_ok += 1
            sheet_words = collections.Counter()
            for ref, t in types.items():
                v = re.search(r"<v>(.*?)</v>", cells[ref])
                if t == "s":
                    sheet_words.update(w.lower() for w in words(sst[int(v.group(1))]))
                elif t == "n":
                    sheet_words.update(words(v.group(1)))
            want = collections.Counter(w.lower() for w in words(html_text(sheet_html(front, table))))
            check(not (want - sheet_words), f"{file}: words missing: {list((want - sheet_words).items())[:10]}")
            facts = [f"{len(full)} merged full-width rows (<mergeCell>)", "all words of the table present"]
            if numbers_ok:
                facts.append(f"{numbers_ok} № cells read back exactly as in the seed (text or integer)")
            results.append((file, facts))
    for file in sorted(f for f in os.listdir(FIXTURES) if f.endswith((".odt", ".ods"))):
        with zipfile.ZipFile(os.path.join(FIXTURES, file)) as z:
            content = z.read("content.xml").decode("utf-8")
        try:
            ElementTree.fromstring(content.encode("utf-8"))
        except ElementTree.ParseError as e:
            raise Failed(f"{file}: content.xml is not well-formed: {e}")
        facts = []
        for what, pattern in (
            ("header-row blocks <table:table-header-rows>", r"<table:table-header-rows>"),
            ("cells spanning columns (number-columns-spanned)", r"table:number-columns-spanned=\"(?!1\")\d+"),
            ("cells spanning rows (number-rows-spanned)", r"table:number-rows-spanned=\"(?!1\")\d+"),
            ("lists <text:list>", r"<text:list[ >]"),
            ("lists continuing the one before (continue-numbering)", r"text:continue-numbering=\"true\""),
            ("list items restarting their level (start-value)", r"<text:list-item text:start-value="),
            ("notes <text:note>", r"<text:note "),
            ("headings <text:h>", r"<text:h "),
        ):
            n = len(re.findall(pattern, content))
            if n:
                facts.append(f"{n} {what}")
        results.append((file, facts))
    print(f"verified with fixtures made by {version}:")
    for file, facts in results:
        print(f"  {file}")
        for f in facts:
            print(f"    - {f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verify", action="store_true", help="only check the existing fixtures")
    ap.add_argument("--keep-html", metavar="DIR", help="also copy the HTML renditions to DIR")
    args = ap.parse_args()
    if not args.verify:
        print(soffice_version())
        build(args.keep_html)
    try:
        verify()
    except Failed as e:
        print("FAILED:", e, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
