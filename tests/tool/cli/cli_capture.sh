#!/bin/bash
# `mibtcp capture` off Windows: one line saying it needs Windows, exit 2,
# nothing created. (On Windows, .ci/windows runs the real capture under Wine.)
. "$(dirname "$0")/cli_lib.sh"

run capture --help
expect_rc 0
expect_out_matches "^usage: mibtcp capture \[--\] DIR$"
expect_out_matches "GetExtendedTcpTable"

run capture "$WORK/out"
expect_usage_error "^mibtcp capture: needs Windows .*this build is not for Windows$"
checks=$((checks + 1))
[ ! -e "$WORK/out" ] || fail "capture created $WORK/out off Windows"

run capture
expect_usage_error "^mibtcp capture: expects one argument, the output directory"
run capture "$WORK/a" "$WORK/b"
expect_usage_error "^mibtcp capture: more than one directory given: .*/b "
run capture -
expect_usage_error "^mibtcp capture: expects a directory, not standard output: - "
finish
