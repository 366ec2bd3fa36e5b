#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of every reader and parser (docs/RELIABILITY.md, "Fuzzing").
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   each target (default: all) for SECONDS (default 60)
#   scripts/fuzz.sh --smoke [TARGET...]     each target for 10 seconds: the CI-sized run
#
# Builds the fuzzer into .build-fuzz (its own scratch path: the sanitizers rebuild every module),
# seeds each target's corpus (.build-fuzz/corpus/TARGET, kept between runs) from Tests/fuzz/seeds,
# Tests/fuzz/regressions and the scanner samples, then runs libFuzzer with a per-input timeout (an
# input slower than that is a hang) and a memory limit. Prints per target the executions, their
# rate, coverage (cov: edges, ft: features) and the outcome. A crash, hang or out-of-memory input
# is saved under .build-fuzz/artifacts/TARGET/ and the script exits 1; fix the reader, copy the
# input to Tests/fuzz/regressions/TARGET/ (the test suites replay every file there).
#
# Environment: FUZZ_TIMEOUT (seconds per input, 10), FUZZ_RSS_MB (2048), FUZZ_MAX_LEN (bytes per
# input, 65536), FUZZ_ARGS (more libFuzzer options, e.g. `-len_control=0` to try long inputs at once
# rather than letting their length grow), FUZZ_NO_BUILD=1 to use the fuzzer already built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=60
if [[ "${1:-}" == "--smoke" ]]; then seconds=10; shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift
fi
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}
scratch=.build-fuzz

if [[ -z "${FUZZ_NO_BUILD:-}" ]]; then
    echo "== building the fuzzer (release, -sanitize=fuzzer,address) =="
    VIGIL_FUZZ=1 swift build --scratch-path "$scratch" -c release --product vigil-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
fi
fuzzer="$scratch/release/vigil-fuzz"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then mapfile -t targets < <(VIGIL_FUZZ_TARGET=list "$fuzzer"); fi

# The folders a target's corpus starts from: its own seeds and past findings, and for the scanner
# formats the samples the reader tests use. `scan` (format detection) takes all of them.
seed_dirs() {
    local target=$1 samples=Tests/VigilScansTests/Samples
    echo "Tests/fuzz/seeds/$target" "Tests/fuzz/regressions/$target"
    case $target in
        openvas|nessus|nmap|trivy) echo "$samples/$target" ;;
        scan) echo "$samples"/{openvas,nessus,nmap,trivy} Tests/fuzz/seeds/{nessus,csv} Tests/fuzz/regressions/{openvas,nessus,nmap,trivy,csv} ;;
    esac
}

failed=0
summary=()
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    for dir in $(seed_dirs "$target"); do
        # Large samples only slow the mutations down (inputs are cut at FUZZ_MAX_LEN anyway).
        [[ -d "$dir" ]] && find "$dir" -maxdepth 1 -type f -size -256k ! -name '*.md' -exec cp -n {} "$corpus/" \;
    done
    log="$scratch/fuzz-$target.log"
    echo "== $target: ${seconds}s, corpus $(find "$corpus" -type f | wc -l) files =="
    status=0
    # Leaks are findings too (libFuzzer checks each input whose allocations do not balance).
    VIGIL_FUZZ_TARGET=$target VIGIL_FUZZ_SCRATCH="$scratch" "$fuzzer" "$corpus" \
        -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} > "$log" 2>&1 || status=$?
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | tail -1 || true)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | tail -1 || true)
    outcome=ok
    if [[ $status -ne 0 ]]; then
        failed=1
        outcome="FAILED ($(grep -oE 'ERROR: [A-Za-z]+: [a-z -]+|Fatal error' "$log" | head -1 || echo "exit $status"); $(ls "$artifacts" | head -3 | tr '\n' ' ')log $log)"
    fi
    line=$(printf '%-14s executions %-10s exec/s %-7s %-10s %-10s corpus %-5s %s' "$target" "${runs:-?}" "${rate:-?}" \
        "${cov:-cov: ?}" "${ft:-ft: ?}" "$(find "$corpus" -type f | wc -l)" "$outcome")
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary (${seconds}s per target) =="
printf '%s\n' "${summary[@]}"
exit "$failed"
