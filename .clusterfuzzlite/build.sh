#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: the project's own fuzz build does
# everything ($CC $CFLAGS $LIB_FUZZING_ENGINE into $OUT, seed zips, dicts, options).
exec "$SRC/mibtcp/fuzz/build.sh"
