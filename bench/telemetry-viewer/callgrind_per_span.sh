#!/bin/sh
# Instructions per span of the viewer's server-side ingest (decode + convert +
# store; the store is full, so every span stored evicts one), counted by
# callgrind: deterministic, so it compares builds on a busy machine where
# timings do not. Counts only MeasuredIngest: 20 batches of 512 spans.
#   bench/telemetry-viewer/callgrind_per_span.sh [build-dir]
set -eu
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" \
  --toggle-collect='*MeasuredIngest*' "$build/bin/viewer-benchmarks" \
  --benchmark_filter='BM_ServerIngestHttpSpans/20000/iterations:20' >"$out/log" 2>&1
total=$(grep '^summary:' "$out/cg.out" | cut -d' ' -f2)
echo "instructions in 20 batches of 512 spans: $total"
echo "instructions per span: $((total / (20 * 512)))"
