#!/usr/bin/env python3
"""Writes the small hostile sites of issue 20 into a folder, one site each:
inputs that once made `vekha check` slow (quadratic) or huge. Used by
benches/stress.sh to time `check` and `build` on them; the tests build
smaller versions of the same shapes themselves.

usage: stress_sites.py OUT
"""
import os
import sys

SITE = "title: Нагрузочный сайт\ntoday: 2025-06-01\n"
DISTRICT = """name: Нагрузочный район
kind: city_district
region: Санкт-Петербург
organisation:
  name: ИМЦ
bodies:
  - id: imc
    name: ИМЦ
glossary:
  - term: ИМЦ
    full: Информационно-методический центр
"""
HEAD = "---\ntitle: План\nupdated: 2025-03-20\nperiod: 2025 год\n---\n\n"


def site(out, name, district=DISTRICT, plan=None):
    d = os.path.join(out, name, "content", "r")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(out, name, "content", "site.yaml"), "w") as f:
        f.write(SITE)
    with open(os.path.join(d, "district.yaml"), "w") as f:
        f.write(district)
    if plan is not None:
        with open(os.path.join(d, "plan.md"), "w") as f:
            f.write(plan)


def table(body):
    return HEAD + "```table\n" + body + "```\n"


def main(out):
    # Point 4: deep flow nesting.
    site(out, "deep-80k", plan=table("columns: " + "[" * 80_000 + "\n"))
    site(out, "deep-1mb", plan=table("columns: " + "[" * 1_000_000 + "\n"))
    # Point 5: aliases expanding 4 KB into 10^5 rows (nested items: 18
    # references at each of four levels). serde_yaml allows 100 alias
    # jumps per event of the text, so 300 small rows pad it to allow them.
    lines = ["columns: [{key: number, title: №}, {key: text, title: Мероприятия}, {key: responsible, title: Ответственные}, {key: period, title: Сроки}]", "sections:",
             "  - number: '1'", "    title: Раздел", "    items:",
             "      - &i0 {number: '1', text: Пункт, responsible: ИМЦ, period: Март 2025}"]
    for k in range(1, 5):
        refs = ", ".join([f"*i{k-1}"] * 18)
        lines.append(f"      - &i{k} {{number: '{k}', text: Пункт, items: [{refs}]}}")
    lines += ["  - number: '2'", "    title: Раздел", "    items: [" + ", ".join(["{text: а}"] * 300) + "]"]
    site(out, "aliases", plan=table("\n".join(lines) + "\n"))
    # Point 9: 64,000 bodies.
    bodies = "".join(f"  - id: b{i}\n    name: Орган {i}\n" for i in range(64_000))
    site(out, "bodies-64k", district=DISTRICT.replace("bodies:\n", "bodies:\n" + bodies))
    # Point 9: 16,000 warnings in one file (Latin letters in Russian words).
    prose = "".join(f"Строка {i}: рaбота\n\n" for i in range(16_000))
    site(out, "warnings-16k", plan=HEAD + prose)
    # Point 9: abbreviations in 16 MB and 50 MB of prose.
    para = "ИМЦ провёл семинар для ИМЦ и школ, ИМЦ отчитался. "
    for mb in (16, 50):
        n = mb * 1_000_000 // len(para.encode())
        site(out, f"prose-{mb}mb", plan=HEAD + para * n + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
