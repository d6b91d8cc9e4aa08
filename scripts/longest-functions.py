#!/usr/bin/env python3
"""Lists the longest functions under src/ (test modules left out), longest
first: `scripts/longest-functions.py [ROOT] [COUNT]`. A function runs from
its `fn` line to the closing brace at the same indent; the count is lines,
comments and blank lines included, as a reader scrolls them."""
import os
import re
import sys

FN = re.compile(r'^(\s*)(pub(\([\w:]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')


def functions(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    for i, line in enumerate(lines):
        if line.startswith('mod tests') and i and lines[i - 1].startswith('#[cfg(test)]'):
            return
        m = FN.match(line)
        if not m or line.rstrip().endswith(';'):
            continue
        indent = m.group(1)
        end = next((j for j in range(i + 1, len(lines)) if lines[j] == indent + '}'), i)
        if line.rstrip().endswith('}'):
            end = i
        yield end - i + 1, m.group(7), i + 1


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    found = []
    for folder, _, files in os.walk(os.path.join(root, 'src')):
        for name in files:
            if name.endswith('.rs'):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root)
                found += [(n, f, f'{rel}:{at}') for n, f, at in functions(path)]
    found.sort(key=lambda x: (-x[0], x[2]))
    for n, name, where in found[:count]:
        print(f'{n:4d}  {name:28s} {where}')


main()
