# Sourced by the benchmark scripts: hyperfine, the release build of workplan ($tool) and the
# corpus generator ($generate), and a scratch folder ($work, removed on exit unless KEEP is set).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/system-deps.sh"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --package-path "$root" --product workplan >/dev/null
swift build -c release --package-path "$root/Benchmarks" --product generate-corpus >/dev/null
tool="$root/.build/release/workplan"
generate="$root/Benchmarks/.build/release/generate-corpus"
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
