#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, M failed".
# Release build: the allocation tests of the byte path measure what production runs.
# Interop tests need Debian's python3-slixmpp and python3-aioxmpp (.ci/run installs them).
set -uo pipefail
cd "$(dirname "$0")"
results=TestResults
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Parley.slnx -c Release -nologo -v:q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Parley.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

# Count from the TRX reports, one per test project; a project whose test host died leaves none and counts as failed.
projects=$(grep -c '<Project Path="tests/.*Tests\.csproj"\|<Project Path="tests/Parley.Scenarios\|<Project Path="tests/Parley.Interop\|<Project Path="tests/Parley.Federation' Parley.slnx)
reports=$(find "$results" -name '*.trx' | wc -l)
passed=0
failed=0
for f in $(find "$results" -name '*.trx'); do
  p=$(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$f" | wc -l)
  x=$(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$f" | wc -l)
  passed=$((passed + p))
  failed=$((failed + x))
done
if [ "$reports" -lt "$projects" ]; then
  echo "only $reports of $projects test projects reported results"
  failed=$((failed + projects - reports))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
