#!/usr/bin/env python3
"""Checks that every C file of the tree is formatted as .clang-format says
(clang-format --dry-run --Werror), so the style applied once stays applied.

  check_format.py [--root DIR]   check the tree; exit 77 (skipped) without clang-format
  check_format.py --self-test    prove that a misformatted file is reported
Fix a report with: clang-format -i FILE...
"""
import os
import shutil
import subprocess
import sys
import tempfile

# The same files the include check reads: every C file of the tree outside build trees and the corpus.
from check_includes import source_files


def misformatted(clang_format, root, files):
    bad = []
    for start in range(0, len(files), 50):
        batch = files[start:start + 50]
        run = subprocess.run([clang_format, "--dry-run", "--Werror", "--style=file"] + batch, cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            bad += sorted({line.split(":", 1)[0] for line in run.stderr.splitlines() if ": error:" in line})
    return bad


def main(argv):
    clang_format = os.environ.get("CLANG_FORMAT") or shutil.which("clang-format")
    if clang_format is None:
        print("SKIP: clang-format not found (apt-get install clang-format)")
        return 77
    if argv[1:] == ["--self-test"]:
        with tempfile.TemporaryDirectory() as root:
            shutil.copy(os.path.join(os.path.dirname(__file__), "..", "..", ".clang-format"), root)
            os.makedirs(os.path.join(root, "lib"))
            path = os.path.join(root, "lib", "bad.c")
            open(path, "w").write("int  f( int x ){return x;}\n")
            if misformatted(clang_format, root, [path]) != [path]:
                print("self-test: a misformatted file was not reported")
                return 1
        print("self-test: a misformatted file is reported")
        return 0
    root = os.path.abspath(argv[2] if argv[1:2] == ["--root"] else os.path.join(os.path.dirname(__file__), "..", ".."))
    files = [os.path.join(root, path) for path in source_files(root)]
    bad = misformatted(clang_format, root, files)
    for path in bad:
        print(f"{os.path.relpath(path, root)}: not formatted as .clang-format says (clang-format -i fixes it)")
    if bad:
        return 1
    print(f"{len(files)} C files formatted as .clang-format says")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
