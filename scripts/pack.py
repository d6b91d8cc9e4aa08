#!/usr/bin/env python3
"""Packs a staged folder into a reproducible archive: entries sorted, every
time the commit's (SOURCE_DATE_EPOCH), owners and permissions fixed, so the
same files give the same bytes on any machine and on any day.

Usage: scripts/pack.py FOLDER ARCHIVE.zip|ARCHIVE.tar.gz
The archive holds FOLDER's name as its one top folder. Files named in
EXECUTABLES are marked executable.
"""
import gzip
import io
import os
import sys
import tarfile
import time
import zipfile

EXECUTABLES = {"vekha", "vekha.exe"}
# Zip cannot store times before 1980.
ZIP_EPOCH = 315532800


def entries(folder):
    """(archive name, path or None for a folder), sorted, folders first."""
    top = os.path.basename(os.path.normpath(folder))
    out = [(top + "/", None)]
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        rel = os.path.relpath(base, folder)
        prefix = top + "/" + ("" if rel == "." else rel.replace(os.sep, "/") + "/")
        for d in dirs:
            out.append((prefix + d + "/", None))
        for f in sorted(files):
            out.append((prefix + f, os.path.join(base, f)))
    return sorted(out)


def mode(name, path):
    if path is None or os.path.basename(name) in EXECUTABLES:
        return 0o755
    return 0o644


def pack_zip(folder, archive, epoch):
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(archive, "w") as z:
        for name, path in entries(folder):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            kind = 0o040000 if path is None else 0o100000
            info.external_attr = ((kind | mode(name, path)) << 16) | (0x10 if path is None else 0)
            if path is None:
                z.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as f:
                    z.writestr(info, f.read(), compresslevel=9)


def pack_tar(folder, archive, epoch):
    with open(archive, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch, compresslevel=9) as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, path in entries(folder):
                    info = tarfile.TarInfo(name.rstrip("/"))
                    info.mtime = epoch
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    info.mode = mode(name, path)
                    if path is None:
                        info.type = tarfile.DIRTYPE
                        tar.addfile(info)
                    else:
                        with open(path, "rb") as f:
                            data = f.read()
                        info.size = len(data)
                        tar.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pack.py FOLDER ARCHIVE.zip|ARCHIVE.tar.gz")
    folder, archive = sys.argv[1], sys.argv[2]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH))
    if archive.endswith(".zip"):
        pack_zip(folder, archive, epoch)
    elif archive.endswith(".tar.gz"):
        pack_tar(folder, archive, epoch)
    else:
        sys.exit("the archive must end in .zip or .tar.gz")
