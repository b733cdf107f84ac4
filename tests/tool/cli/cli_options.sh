#!/bin/bash
# Each subcommand's options as its --help lists them (made from its option table), against
# its usage line, the man page's sections for that command, and the parser itself: every
# listed option is accepted, refuses a missing or bad value with a message naming it, and
# every other command's option is an unknown option here.
# usage: cli_options.sh MIBTCP doc/mibtcp.1
. "$(dirname "$0")/cli_lib.sh"
page=${2:?man page}

commands=$("$MIBTCP" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands found in mibtcp --help"

# The options of a command's --help option list: the first word of lines "  -NAME ..." ("--" is
# the end of options, not an option).
help_options() {
    "$MIBTCP" "$1" --help | sed -n 's/^  \(-[-a-z]*\).*/\1/p' | grep -vx -- '--' | sort -u
}
# ... of its usage line: from "usage:" to the first empty line.
usage_options() {
    "$MIBTCP" "$1" --help | sed -n '1,/^$/p' | grep -oE -- '(^|[ []|\|)-[-a-z]+' | grep -oE -- '-[-a-z]+' |
        grep -vx -- '--' | sort -u
}
# ... of the man page: the SYNOPSIS entry of the command ("synopsis"), or the option entries
# (".TP" then the option) of the OPTIONS subsections for it ("sections"): a subsection named
# after the command, or one naming it in parentheses, e.g. "Input (dump, check, detect)".
man_options() {
    sed -e 's/\\-/-/g' "$page" | awk -v cmd="$1" -v part="$2" '
        /^\.SH / { in_synopsis = ($2 == "SYNOPSIS"); in_options = ($2 == "OPTIONS"); section = 0; next }
        in_synopsis && /^\.SY/ { entry = ""; next }
        in_synopsis && entry == "" && /^\.B [a-z]+$/ { entry = $2; next }
        in_synopsis && part == "synopsis" && entry == cmd { print }
        in_options && /^\.SS / {
            heading = $0; sub(/^\.SS /, "", heading)
            section = (heading == cmd) || (heading ~ ("[(, ]" cmd "[,)]"))
            next
        }
        in_options && section && part == "sections" && after_tp { print }
        { after_tp = /^\.TP/ }
    ' | grep -oE -- '(^|[ "[])-[-a-z]+' | grep -oE -- '-[-a-z]+' | grep -vx -- '--' | grep -vxE -- '--help|-h' |
        sort -u
}

for cmd in $commands; do
    help_options "$cmd" >"$WORK/$cmd.help"
    usage_options "$cmd" >"$WORK/$cmd.usage"
    man_options "$cmd" sections >"$WORK/$cmd.man"
    man_options "$cmd" synopsis >"$WORK/$cmd.synopsis"
    checks=$((checks + 3))
    last="mibtcp $cmd --help"
    [ "$cmd" = capture ] || [ -s "$WORK/$cmd.help" ] || fail "$cmd --help lists no options"
    diff "$WORK/$cmd.usage" "$WORK/$cmd.help" >"$WORK/diff" ||
        fail "$cmd: the usage line and the option list differ: $(tr '\n' ' ' <"$WORK/diff")"
    diff "$WORK/$cmd.man" "$WORK/$cmd.help" >"$WORK/diff" ||
        fail "$cmd: $page (<) and --help (>) differ: $(tr '\n' ' ' <"$WORK/diff")"
    while read -r option; do
        checks=$((checks + 1))
        grep -qx -- "$option" "$WORK/$cmd.help" || fail "$cmd: $option is in the SYNOPSIS of $page but not in --help"
    done <"$WORK/$cmd.synopsis"
done
# The check above must see the page's options: dump's come from four subsections.
checks=$((checks + 1))
[ "$(wc -l <"$WORK/dump.man")" -ge 14 ] || fail "only $(wc -l <"$WORK/dump.man") dump options found in $page"
for cmd in $commands; do cat "$WORK/$cmd.help"; done | sort -u >"$WORK/all.options"

# Values any text is (a path): the parser cannot refuse one.
takes_any_text() {
    case "$1 $2" in "gen -o" | "carve --extract" | *" --processes" | *" --services") return 0 ;; esac
    return 1
}

cd "$WORK" || exit 2 # anything a probe would write lands here
for cmd in $commands; do
    operand=()
    [ "$cmd" = gen ] || operand=("$WORK/missing.bin")
    [ "$cmd" != diff ] || operand+=("$WORK/missing.bin") # diff A B
    while read -r option; do
        if "$MIBTCP" "$cmd" --help | grep -qE -- "^  $option [^ ]"; then # a value follows its name
            run "$cmd" "$option"
            expect_usage_error "^mibtcp $cmd: option needs a value: $option "
            if ! takes_any_text "$cmd" "$option"; then
                run "$cmd" "$option=bogus!value" "${operand[@]}"
                expect_usage_error "^mibtcp $cmd: $option [a-z].*: bogus!value "
            fi
        else
            run "$cmd" "$option=1" "${operand[@]}"
            expect_usage_error "^mibtcp $cmd: $option takes no value: $option=1 "
        fi
    done <"$WORK/$cmd.help"
    while read -r option; do
        grep -qx -- "$option" "$WORK/$cmd.help" && continue
        run "$cmd" "$option" "${operand[@]}"
        expect_usage_error "^mibtcp $cmd: unknown option: $option "
    done <"$WORK/all.options"
    run "$cmd" --no-such-option "${operand[@]}"
    expect_usage_error "^mibtcp $cmd: unknown option: --no-such-option "
    # After "--" an argument is an operand even if it starts with '-'.
    if [ "$cmd" = gen ]; then
        run gen --kind tcp4-pid -- -x
        expect_usage_error "^mibtcp gen: unexpected argument: -x "
    else
        if [ "$cmd" = diff ]; then run diff -- -x -x; else run "$cmd" -- -x; fi
        expect_rc 2
        expect_err_matches "^mibtcp $cmd: (.*-x: No such file or directory|needs Windows)"
    fi
done
finish
