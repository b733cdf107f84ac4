#!/bin/bash
# doc/mibtcp.1 and --help name the same options: every option any `mibtcp
# [CMD] --help` prints is in the man page and every option in the man page is
# in some --help. The page also names every command and kind, and renders
# without warnings (groff and man, when installed).
# usage: man_page.sh MIBTCP doc/mibtcp.1
. "$(dirname "$0")/cli_lib.sh"
page=${2:?man page}

commands=$("$MIBTCP" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands found in mibtcp --help"
{
    "$MIBTCP" --help
    for cmd in $commands; do "$MIBTCP" $cmd --help; done
} >"$WORK/help.txt"
# The page as plain text: roff escapes for '-' and fonts removed.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$page" >"$WORK/page.txt"

options_in() { # long options, and short ones standing alone like "-o FILE"; not those of xxd,
    # hexdump, mactime or plaso (--timezone)
    sed -E -e 's/(xxd|hexdump) -[a-zA-Z]+//g' -e 's/mactime( +-[a-zA-Z]( +[^ -][^ ]*)?)+//g' \
        -e 's/--timezone UTC//g' "$1" >"$WORK/options.txt"
    grep -oE -- '--[a-z][a-z-]*' "$WORK/options.txt" | sed 's/-*$//'
    grep -oE -- '(^|[][ |])-[a-zA-Z]( |$|\])' "$WORK/options.txt" | grep -oE -- '-[a-zA-Z]'
}
options_in "$WORK/help.txt" | sort -u >"$WORK/help.options"
options_in "$WORK/page.txt" | sort -u >"$WORK/page.options"
checks=$((checks + 1))
[ "$(wc -l <"$WORK/help.options")" -ge 25 ] || fail "only $(wc -l <"$WORK/help.options") options found in --help"
while read -r option; do
    checks=$((checks + 1))
    grep -qx -- "$option" "$WORK/page.options" || fail "$option is in --help but not in $page"
done <"$WORK/help.options"
while read -r option; do
    checks=$((checks + 1))
    case $option in -h) continue ;; esac # documented alias of --help, not in the usage texts
    grep -qx -- "$option" "$WORK/help.options" || fail "$option is in $page but in no --help"
done <"$WORK/page.options"

for cmd in $commands; do
    checks=$((checks + 1))
    grep -q "^\.B $cmd\$" "$WORK/page.txt" || fail "command $cmd has no entry in $page"
done
for kind in $(all_kinds); do
    checks=$((checks + 1))
    grep -q "^$kind	" "$WORK/page.txt" || fail "kind $kind is not in the KINDS table of $page"
done
checks=$((checks + 1))
grep -q "^\.TH MIBTCP 1 .*mibtcp $("$MIBTCP" --version | cut -d' ' -f2)" "$page" || fail ".TH does not carry the tool's version"

if command -v groff >/dev/null 2>&1; then
    checks=$((checks + 1))
    last="groff -t -man -Tutf8 -ww -z $page"
    groff -t -man -Tutf8 -ww -z "$page" 2>"$ERR" || fail "groff failed"
    [ ! -s "$ERR" ] || fail "groff warnings: $(cat "$ERR")"
else
    skip_note "groff not installed: rendering not checked"
fi
if command -v man >/dev/null 2>&1 && man --help 2>/dev/null | grep -q -- '--warnings'; then
    checks=$((checks + 1))
    last="man --warnings -l $page"
    MANWIDTH=80 man --warnings -l "$page" >"$OUT" 2>"$ERR" || fail "man -l failed"
    [ ! -s "$ERR" ] || fail "man warnings: $(cat "$ERR")"
    grep -q "EXIT STATUS" "$OUT" || fail "man -l output lacks EXIT STATUS"
else
    skip_note "man (man-db) not installed: man -l not checked"
fi
finish
