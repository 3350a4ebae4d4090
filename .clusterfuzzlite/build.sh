#!/bin/bash -eu
# ClusterFuzzLite entry point: the real build script is ci/oss-fuzz/build.sh.
exec "$SRC/bindfuzz/ci/oss-fuzz/build.sh" "$@"
