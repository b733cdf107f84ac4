#!/bin/bash
# The README's example sessions must be what the tool really prints. Each block between
# <!-- NAME --> and <!-- /NAME --> is a ```console block: lines starting with "$ " are commands,
# the lines after one are its expected output (stdout and stderr, as a terminal shows them),
# with `mibtcp` being the built tool. Trailing blanks are not significant: editors strip them.
#   cli-session: each command runs in one scratch directory, in order;
#   quick-start: each command runs at the top of the source tree, on the committed
#                examples/ (it must not write there).
# usage: readme_session.sh MIBTCP README.md
. "$(dirname "$0")/cli_lib.sh"
readme=${2:?README.md}
top=$(cd "$(dirname "$readme")" && pwd)

mkdir "$WORK/bin" "$WORK/cwd"
ln -s "$MIBTCP" "$WORK/bin/mibtcp"

# run_command NAME N COMMAND EXPECTED-FILE DIR
run_command() {
    checks=$((checks + 1))
    last=$3
    (cd "$5" && PATH="$WORK/bin:$PATH" sh -c "$3" 2>&1) | sed 's/[[:space:]]*$//' >"$WORK/got"
    sed 's/[[:space:]]*$//' "$4" >"$WORK/want"
    if ! cmp -s "$WORK/want" "$WORK/got"; then
        fail "README $1 command $2 prints something else:
$(diff -u "$WORK/want" "$WORK/got" | sed '1,2d')"
    fi
}

# run_session NAME DIR
run_session() {
    local session=$WORK/$1 n=0 command="" line
    awk -v start="<!-- $1 -->" -v stop="<!-- /$1 -->" '
        $0 == start { inside = 1; next }
        $0 == stop { inside = 0 }
        inside && /^```console$/ { block = 1; next }
        inside && block && /^```$/ { block = 0; next }
        inside && block { print }
    ' "$readme" >"$session"
    checks=$((checks + 1))
    if ! grep -q '^\$ ' "$session"; then
        fail "$readme: no \`\`\`console block with \$ commands between <!-- $1 --> markers"
        return
    fi
    : >"$WORK/expected"
    while IFS= read -r line; do
        case $line in
            '$ '*)
                [ -n "$command" ] && run_command "$1" $n "$command" "$WORK/expected" "$2"
                n=$((n + 1))
                command=${line#\$ }
                : >"$WORK/expected"
                ;;
            *) printf '%s\n' "$line" >>"$WORK/expected" ;;
        esac
    done <"$session"
    [ -n "$command" ] && run_command "$1" $n "$command" "$WORK/expected" "$2"
    echo "$n README $1 commands"
}

run_session quick-start "$top"
run_session cli-session "$WORK/cwd"
finish
