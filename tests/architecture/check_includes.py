#!/usr/bin/env python3
"""Checks every #include "..." of the project against the folder rules that
doc/design.md states (the fenced block after its <!-- include-rules --> line),
so the rules a newcomer reads are the rules the build keeps.

A rule line is `FOLDER: ALLOWED ...`: files directly in FOLDER may include
headers in FOLDER itself and in the ALLOWED folders, nothing else. Every
folder with C sources must have a rule, and every quoted include must resolve
to a file of the tree. It also fails on an include cycle between files and on
a cycle between folders.

  check_includes.py [--root DIR]      check the tree (default: this repository)
  check_includes.py --self-test       prove that each failure is detected
"""
import os
import re
import sys
import tempfile

RULES_MARKER = "<!-- include-rules -->"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_SUFFIXES = (".c", ".h")
SKIPPED_TOP = {"build", "corpus", ".git"}  # build trees, fuzz inputs

# Where a quoted include is looked up, after the including file's folder:
# the include directories the build gives each part of the tree.
SEARCH_ROOTS = [
    ("lib/src/", ["lib/src", "lib/include"]),
    ("lib/include/", ["lib/include"]),
    ("tools/mibtcp/", ["tools/mibtcp", "lib/include", "testkit"]),
    ("fuzz/", ["fuzz", "lib/include", "testkit", "tools/mibtcp"]),
    ("tests/", ["tests/support", "tools/mibtcp", "lib/include", "testkit"]),
    ("python/", ["python/src", "tools/mibtcp", "lib/include"]),
    ("", ["lib/include", "testkit"]),
]


def read_rules(design_md):
    text = open(design_md, encoding="utf-8").read()
    at = text.find(RULES_MARKER)
    if at < 0:
        raise SystemExit(f"{design_md}: no {RULES_MARKER} line")
    block = re.search(r"```[a-z]*\n(.*?)```", text[at:], re.S)
    if block is None:
        raise SystemExit(f"{design_md}: no fenced block after {RULES_MARKER}")
    rules = {}
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        folder, _, allowed = line.partition(":")
        rules[folder.strip()] = set(allowed.split())
    return rules


def source_files(root):
    for top in sorted(os.listdir(root)):
        if top in SKIPPED_TOP or top.startswith("build") or not os.path.isdir(os.path.join(root, top)):
            continue
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def resolve(root, including, target):
    folder = os.path.dirname(including)
    roots = next(r for prefix, r in SEARCH_ROOTS if including.startswith(prefix))
    for base in [folder] + roots:
        candidate = os.path.normpath(os.path.join(base, target)).replace(os.sep, "/")
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate
    return None


def find_cycle(graph):
    """One cycle of the directed graph {node: set(nodes)} as a list, or None."""
    state = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph.get(child, ())))))
    return None


def check(root, design_md):
    rules = read_rules(design_md)
    problems = []
    file_graph, folder_graph = {}, {}
    edges = 0
    for path in source_files(root):
        folder = os.path.dirname(path)
        if folder not in rules:
            problems.append(f"{path}: its folder {folder}/ has no rule in {design_md}")
            continue
        text = open(os.path.join(root, path), encoding="utf-8", errors="replace").read()
        for line_no, target in ((text.count("\n", 0, m.start()) + 1, m.group(1)) for m in INCLUDE.finditer(text)):
            resolved = resolve(root, path, target)
            if resolved is None:
                problems.append(f"{path}:{line_no}: #include \"{target}\" names no file of the tree")
                continue
            edges += 1
            file_graph.setdefault(path, set()).add(resolved)
            target_folder = os.path.dirname(resolved)
            if target_folder == folder:
                continue
            folder_graph.setdefault(folder, set()).add(target_folder)
            if target_folder not in rules[folder]:
                problems.append(f"{path}:{line_no}: #include \"{target}\" crosses {folder}/ -> {target_folder}/, "
                                f"which the rules do not allow (allowed: {' '.join(sorted(rules[folder])) or 'none'})")
    cycle = find_cycle(file_graph)
    if cycle:
        problems.append("include cycle between files: " + " -> ".join(cycle))
    cycle = find_cycle(folder_graph)
    if cycle:
        problems.append("include cycle between folders: " + " -> ".join(cycle))
    return problems, edges, len(file_graph)


def self_test():
    """Each kind of failure, on a small tree, must be reported."""
    cases = {
        "forbidden edge": ({"lib/src/a/x.c": '#include "b/y.h"\n', "lib/src/b/y.h": ""},
                           "lib/src/a: lib/include\nlib/src/b: lib/include\n", "crosses lib/src/a/ -> lib/src/b/"),
        "file cycle": ({"lib/src/a/x.h": '#include "a/y.h"\n', "lib/src/a/y.h": '#include "a/x.h"\n'},
                       "lib/src/a:\n", "include cycle between files"),
        "folder cycle": ({"lib/src/a/x.h": '#include "b/y.h"\n', "lib/src/b/y.h": '#include "a/z.h"\n',
                          "lib/src/a/z.h": ""}, "lib/src/a: lib/src/b\nlib/src/b: lib/src/a\n",
                         "include cycle between folders"),
        "missing rule": ({"tools/new/x.c": ""}, "lib/src/a:\n", "has no rule"),
        "dangling include": ({"lib/src/a/x.c": '#include "a/gone.h"\n'}, "lib/src/a:\n", "names no file"),
    }
    failed = 0
    for name, (files, rules, expected) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            for path, text in files.items():
                os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
                open(os.path.join(root, path), "w").write(text)
            design = os.path.join(root, "doc/design.md")
            os.makedirs(os.path.dirname(design))
            open(design, "w").write(f"{RULES_MARKER}\n```text\n{rules}```\n")
            problems, _, _ = check(root, design)
            if not any(expected in p for p in problems):
                print(f"self-test {name}: expected a problem with '{expected}', got {problems}")
                failed += 1
    if failed:
        return 1
    print(f"self-test: all {len(cases)} kinds of failure detected")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if len(argv) == 3 and argv[1] == "--root":
        root = os.path.abspath(argv[2])
    elif len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems, edges, files = check(root, os.path.join(root, "doc/design.md"))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include problems (rules: doc/design.md, after {RULES_MARKER})")
        return 1
    print(f"{edges} includes of {files} files follow the folder rules of doc/design.md; no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
