#!/bin/bash
# The outputs through the analysts' real tools: Sleuth Kit's mactime, jq, Python's csv and
# pandas, and Timesketch's import rules (cli_clients.py says what is checked). The tools are
# in the README's install command; a missing one fails the test, never skips it.
# usage: cli_clients.sh MIBTCP EXAMPLES-DIR
. "$(dirname "$0")/cli_lib.sh"
examples=${2:?EXAMPLES-DIR}
for tool in mactime jq; do
    command -v $tool >/dev/null || { fail "$tool not found: install the README's packages (sleuthkit, jq)"; finish; }
done
# pandas and dateutil come from Debian's python3-pandas: the system python3, which a pyenv or
# venv python3 earlier on PATH may not see.
python=""
for candidate in "$PYTHON" python3 /usr/bin/python3; do
    if "$candidate" -c 'import pandas, dateutil' 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    fail "no python3 with pandas and dateutil: install the README's packages (python3-pandas)"
    finish
fi
checks=$((checks + 1))
last="cli_clients.py"
if ! "$python" "$(dirname "$0")/cli_clients.py" "$MIBTCP" "$examples" "$WORK/clients" >"$WORK/clients.out" 2>&1; then
    fail "$(cat "$WORK/clients.out")"
fi
tail -2 "$WORK/clients.out"
finish
