#!/usr/bin/env bash
# Fuzzes the whole path from bytes to diagnostics and through every edit (id write-back,
# set-status, close) with libFuzzer and AddressSanitizer, for FUZZ_SECONDS (default 600).
# Findings land in Fuzz/Findings/; inputs that reach new code are merged into Fuzz/Corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-600}"
# The checks are shared with the tests through a symbolic link; the build only sees the link, so
# the file it points at is touched to have changes rebuilt.
touch "$(readlink -f Fuzz/Sources/workplan-fuzz/EditInvariants.swift)"
build_log="$(mktemp)"
if ! swift build --package-path Fuzz -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld > "$build_log" 2>&1; then
    grep -v "Cannot export local symbol" "$build_log" >&2
    echo "fuzz: the fuzz target did not build" >&2
    exit 2
fi
rm -f "$build_log"
binary="$(swift build --package-path Fuzz -c release --show-bin-path)/workplan-fuzz"

work=Fuzz/.build/corpus
mkdir -p "$work" Fuzz/Findings
# Swift's own crash handler would wait for a debugger; libFuzzer and ASan report instead.
export SWIFT_BACKTRACE=enable=no
# Fork mode keeps fuzzing after a finding, so that one run collects them all.
"$binary" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -dict=Fuzz/workplan.dict -artifact_prefix=Fuzz/Findings/ \
    "$work" Fuzz/Corpus Tests/WorkplanKitTests/Fixtures 2>&1 | grep -v -E "^#[0-9]+: cov:" || true
# The committed seeds stay small: the inputs of a minimal covering set under 2 KB join them.
minimal="$(mktemp -d)"
"$binary" -set_cover_merge=1 -max_len=16384 "$minimal" Fuzz/Corpus "$work" 2>&1 | tail -1
find "$minimal" -type f -size -2k -exec cp -n {} Fuzz/Corpus/ \;
rm -rf "$minimal"
findings=$(ls Fuzz/Findings | wc -l | tr -d ' ')
echo "fuzz: ${seconds} s; $(ls Fuzz/Corpus | wc -l | tr -d ' ') seeds in Fuzz/Corpus; $findings findings in Fuzz/Findings"
if (( findings > 0 )); then
    echo "fuzz: each finding becomes a regression test: move it to Tests/WorkplanKitTests/Fixtures/fuzz/, named after what it broke" >&2
    exit 1
fi
