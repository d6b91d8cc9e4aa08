#!/usr/bin/env python3
"""Draws Vekha's icon (the milestone diamond of the site's favicon.svg) as a
Windows .ico with PNG images of 16, 24, 32, 48 and 256 pixels.

Pure Python (zlib, struct), so that the icon is made the same on any
machine; the result is committed (dist/vekha.ico) and this script is
how to make it again. Usage: scripts/make-icon.py dist/vekha.ico
"""
import struct
import sys
import zlib

BLUE = (0x0B, 0x4F, 0x9C)
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLE = 4


def colour_at(x, y):
    """The favicon's drawing on a 32 × 32 canvas: a rounded blue square,
    a white diamond, a blue diamond inside it. None is transparent."""
    r = 6.0
    cx, cy = min(max(x, r), 32 - r), min(max(y, r), 32 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    d = abs(x - 16) + abs(y - 16)
    if d <= 5:
        return BLUE
    if d <= 11:
        return WHITE
    return BLUE


def image(size):
    """RGBA rows of the icon at `size` pixels, antialiased by supersampling."""
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) * 32 / size
                    y = (py + (sy + 0.5) / n) * 32 / size
                    c = colour_at(x, y)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            covered = acc[3]
            if covered:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, 255 * covered // (n * n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in image(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes):
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make-icon.py OUT.ico")
    with open(sys.argv[1], "wb") as f:
        f.write(ico([16, 24, 32, 48, 256]))
