#!/usr/bin/env python3
"""Writes the licence texts of every crate compiled into vekha for one
target: each crate with its version, licence and address, then the texts
of its licence files, each distinct text once. Read from `cargo metadata`
(the lock file, no network) and the crates' sources in Cargo's registry.

Usage: scripts/licences.py TARGET OUT.txt
"""
import json
import os
import re
import subprocess
import sys

LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|copyright)", re.I)

# For a crate that names its licence but does not package its text: the
# standard MIT text with its authors as the holders (Apache-2.0's text is
# the same for all, and is taken from a crate that packages it).
MIT_TEXT = """MIT License

Copyright (c) {holders}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def metadata(target):
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)


def shipped(meta):
    """Packages reached from the root through normal dependencies: what the
    program is built of (build scripts and test crates are not shipped)."""
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    by_id = {p["id"]: p for p in meta["packages"]}

    # A procedural macro runs in the compiler: neither its code nor that of
    # its dependencies (syn, quote) is shipped.
    def is_macro(p):
        return all("proc-macro" in t["kind"] for t in p["targets"] if "custom-build" not in t["kind"])

    root = meta["resolve"]["root"]
    seen, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in seen or is_macro(by_id[pid]):
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    seen.discard(root)
    packages = [p for p in meta["packages"] if p["id"] in seen]
    return sorted(packages, key=lambda p: (p["name"], p["version"]))


def licence_files(package):
    folder = os.path.dirname(package["manifest_path"])
    names = set()
    if package.get("license_file"):
        names.add(os.path.normpath(package["license_file"]))
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if LICENCE_FILE.match(name) and os.path.isfile(path):
            names.add(name)
    texts = []
    for name in sorted(names):
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            texts.append((name, f.read().strip()))
    return texts


def main(target, out_path):
    packages = shipped(metadata(target))
    texts = {}  # normalised text → (number, text)
    lines = [
        "Vekha: licences of the components compiled into the program",
        "=" * 60,
        "",
        f"Target: {target}. Each component with its version and licence;",
        "the full texts follow, each distinct text once.",
        "",
    ]
    def reference(name, text):
        key = re.sub(r"\s+", " ", text)
        if key not in texts:
            texts[key] = (len(texts) + 1, name, text)
        return f"[{texts[key][0]}]"

    packaged = {p["id"]: licence_files(p) for p in packages}
    def packaged_text(*words):
        return next(
            (t for files in packaged.values() for t in files if all(w in re.sub(r"\s+", " ", t[1]) for w in words)),
            None,
        )

    standard = {
        "Apache-2.0": packaged_text("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS"),
        "0BSD": packaged_text("Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted.", "THE SOFTWARE IS PROVIDED \"AS IS\""),
    }
    unresolved = []
    entries = []
    for p in packages:
        refs = [reference(name, text) for name, text in packaged[p["id"]]]
        note = ""
        if not refs:
            # The standard texts of the licences the crate names.
            ids = set(re.findall(r"[A-Za-z0-9.\-]+", p.get("license") or ""))
            if "MIT" in ids:
                holders = ", ".join(re.sub(r"\s*<[^>]*>", "", a) for a in p.get("authors", [])) or f"the {p['name']} authors"
                refs.append(reference("MIT", MIT_TEXT.format(holders=holders)))
            for spdx, text in standard.items():
                if spdx in ids and text:
                    refs.append(reference(*text))
            note = " (the package has no licence file: the standard text of its licence)"
            if not refs:
                unresolved.append(p["name"])
        address = p.get("repository") or p.get("homepage") or ""
        entries.append(
            f"{p['name']} {p['version']} — {p.get('license') or 'see text'}"
            + (f" — {address}" if address else "")
            + f" — texts {' '.join(refs)}{note}"
        )
    lines += entries
    lines += ["", "=" * 60, ""]
    for number, name, text in sorted(texts.values()):
        lines += [f"[{number}] ({name})", "", text, "", "-" * 60, ""]
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
    print(f"{len(packages)} components, {len(texts)} distinct texts")
    if unresolved:
        sys.exit(f"no licence text for: {', '.join(unresolved)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: licences.py TARGET OUT.txt")
    main(sys.argv[1], sys.argv[2])
