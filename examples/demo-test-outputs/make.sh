#!/usr/bin/env bash
# Regenerates lcov.info and junit.xml beside this script: the example repository's own tests, run
# at v1.1.0 by Node's built-in test runner with its coverage, as a release pipeline would run them;
# and base.lcov.info, the coverage of the same tests at v1.0.0, for --base-lcov.
#
#   bash examples/demo-test-outputs/make.sh      (needs the npm registry for the demo's dependencies)
#
# The reports in examples/reports/ are drafted with these two files (--lcov, --junit). Node writes
# SF: paths relative to the folder it ran in, so the files do not depend on where this ran; the
# test durations in junit.xml do, and impl-draft does not read them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
node "$HERE/../build-example-repo.mjs" --dir "$WORK/acme-shop-api" >/dev/null
cd "$WORK/acme-shop-api"
git checkout -q v1.0.0
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
node --test --experimental-test-coverage --test-reporter=lcov --test-reporter-destination="$HERE/base.lcov.info" test/
git checkout -q v1.1.0
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
node --test --experimental-test-coverage \
  --test-reporter=lcov --test-reporter-destination="$HERE/lcov.info" \
  --test-reporter=junit --test-reporter-destination="$HERE/junit.xml" \
  test/
echo "node $(node --version): wrote base.lcov.info, lcov.info and junit.xml in $HERE" >&2
