#!/bin/bash
# The README's example session must be what the tool really prints. The block
# between <!-- cli-session --> and <!-- /cli-session --> is a ```console block:
# lines starting with "$ " are commands, the lines after one are its expected
# output (stdout and stderr, as a terminal shows them). Each command runs in
# one scratch directory, in order, with `mibtcp` being the built tool.
# Trailing blanks are not significant: editors strip them from README.md.
# usage: readme_session.sh MIBTCP README.md
. "$(dirname "$0")/cli_lib.sh"
readme=${2:?README.md}

session=$WORK/session
awk '
    /<!-- cli-session -->/ { inside = 1; next }
    /<!-- \/cli-session -->/ { inside = 0 }
    inside && /^```console$/ { block = 1; next }
    inside && block && /^```$/ { block = 0; next }
    inside && block { print }
' "$readme" >"$session"
checks=$((checks + 1))
if ! grep -q '^\$ ' "$session"; then
    fail "$readme: no \`\`\`console block with \$ commands between <!-- cli-session --> markers"
    finish
fi

mkdir "$WORK/bin" "$WORK/cwd"
ln -s "$MIBTCP" "$WORK/bin/mibtcp"
# run_command N COMMAND EXPECTED-FILE
run_command() {
    checks=$((checks + 1))
    last=$2
    (cd "$WORK/cwd" && PATH="$WORK/bin:$PATH" sh -c "$2" 2>&1) | sed 's/[[:space:]]*$//' >"$WORK/got"
    sed 's/[[:space:]]*$//' "$3" >"$WORK/want"
    if ! cmp -s "$WORK/want" "$WORK/got"; then
        fail "README session command $1 prints something else:
$(diff -u "$WORK/want" "$WORK/got" | sed '1,2d')"
    fi
}

n=0
command=""
: >"$WORK/expected"
while IFS= read -r line; do
    case $line in
        '$ '*)
            [ -n "$command" ] && run_command $n "$command" "$WORK/expected"
            n=$((n + 1))
            command=${line#\$ }
            : >"$WORK/expected"
            ;;
        *) printf '%s\n' "$line" >>"$WORK/expected" ;;
    esac
done <"$session"
[ -n "$command" ] && run_command $n "$command" "$WORK/expected"
echo "$n README commands"
finish
