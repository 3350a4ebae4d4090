# Sourced by scripts that run the bindfuzz tool: sets BF to the first built
# bindfuzz binary (build/dev, build/ci, build/run) unless BF is already set.
# Needs REPO (the repository root).
if [[ -z ${BF:-} ]]; then
  for c in build/dev build/ci build/run; do
    [[ -x $REPO/$c/harness/tool/bindfuzz ]] && { BF=$REPO/$c/harness/tool/bindfuzz; break; }
  done
fi
