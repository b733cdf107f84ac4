#!/usr/bin/env bash
# Every Markdown document a file of the source tree names (the README,
# doc/formats.md, a relative link between pages) exists in the tree, relative
# to the naming file or to the root: no comment or page may send readers to a
# document they do not have.
# Usage: doc_references.sh SOURCE_DIR
set -uo pipefail
cd "${1:?usage: doc_references.sh SOURCE_DIR}" || exit 2
missing=0 checked=0
while IFS=: read -r file ref; do
    case $ref in //*) continue ;; esac # part of a URL
    checked=$((checked + 1))
    dir=$(dirname "$file")
    if [ ! -f "$dir/$ref" ] && [ ! -f "./$ref" ]; then
        echo "$file names $ref, which is not in the source tree"
        missing=$((missing + 1))
    fi
done < <(grep -rIoE --exclude-dir='build*' --exclude-dir=.git --exclude-dir=corpus \
             '[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b' . | sort -u)
[ "$checked" -gt 0 ] || { echo "no document references found: is $1 the source tree?"; exit 1; }
echo "$checked document references, $missing missing"
[ "$missing" = 0 ]
