import { describe, expect, it } from 'vitest';
import { hasShellShebang, shellExtractor } from '../../../analyzers/env/extractors/shell.js';
import { expectClean, lines, read } from './extractor-cases.js';

const extract = (text: string) => shellExtractor.extract(text, 'scripts/deploy.sh');

describe('shell env reads', () => {
  const source = lines(
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    '# echo "$IN_COMMENT"',
    'echo "Deploying to ${DEPLOY_ENV}"',
    'PORT="${PORT:-8080}"',
    'echo "$PORT"',
    ': "${API_TOKEN:?API_TOKEN must be set}"',
    'LOG_LEVEL=debug',
    'echo "$LOG_LEVEL"',
    "echo '$IN_SINGLE_QUOTES'",
    'echo "\\$ESCAPED"',
    'for FILE in *.txt; do echo "$FILE"; done',
    'read -r ANSWER',
    'echo "$ANSWER $HOME $PATH $1 $@ $?"',
    'export REGION="${AWS_REGION:-eu-west-1}"',
    'echo "${REGION}"',
    'cat <<EOF',
    'Host: $DB_HOST',
    'EOF',
    "cat <<'EOF'",
    'Not expanded: $IN_QUOTED_HEREDOC',
    'EOF',
    'lower=$lowercase_var',
    'echo "${OPTIONAL_FLAG:+--flag}"',
    'name=FOO; echo "${!name}"',
    'result=$(curl "$SERVICE_URL")',
    'echo "${#SECRET_LIST}"',
    'echo ${CONFIG_PATH%/*}',
    'echo "price: 5$" # $AFTER_COMMENT',
    'echo a#b $LAST_ONE',
  );

  it('reads expansions of variables the script does not set, with defaults and required flags', () => {
    expect(extract(source).references).toEqual([
      read('DEPLOY_ENV', 4, true),
      read('PORT', 5, false, '8080'),
      read('API_TOKEN', 7, true),
      read('AWS_REGION', 15, false, 'eu-west-1'),
      read('DB_HOST', 18, true),
      read('OPTIONAL_FLAG', 24, false),
      read('SERVICE_URL', 26, true),
      read('SECRET_LIST', 27, false),
      read('CONFIG_PATH', 28, true),
      read('LAST_ONE', 30, true),
    ]);
    expectClean(extract(source));
  });

  it('reports indirection as a dynamic read', () => {
    expect(extract(source).dynamic).toEqual([{ line: 25, expression: '${!name}' }]);
  });

  it('counts a read before the assignment and not after it', () => {
    const text = lines('echo "$TARGET"', 'TARGET=prod', 'echo "$TARGET"');
    expect(extract(text).references).toEqual([read('TARGET', 1, true)]);
  });

  it('does not count assignments made inside a command substitution', () => {
    const text = lines('out=$(INNER=1; echo x)', 'echo "$INNER"');
    expect(extract(text).references).toEqual([read('INNER', 2, true)]);
  });

  it('follows local, declare, read options, getopts, printf -v and ${X:=d}', () => {
    const text = lines(
      'f() { local A; declare -r B=1; echo "$A $B"; }',
      'read -p "Name: " -a C D',
      'getopts "ab" E',
      'printf -v F "%s" x',
      ': "${G:=default}"',
      'echo "$C $D $E $F $G"',
    );
    expect(extract(text).references).toEqual([read('G', 5, false, 'default')]);
  });

  it('takes a quoted default without its quotes, and reads nested defaults', () => {
    const text = lines('echo "${A:-"two words"}" ${B:-${C}}');
    expect(extract(text).references).toEqual([read('A', 1, false, 'two words'), read('B', 1, false, '${C}'), read('C', 1, true)]);
  });

  it('leaves arithmetic shifts alone (not heredocs)', () => {
    const text = lines('x=$((1<<SHIFT))', 'echo "$AFTER"');
    expect(extract(text).references).toEqual([read('AFTER', 2, true)]);
  });

  it('matches shell extensions, and tells shell shebangs apart', () => {
    expect(['a.sh', 'b.bash', 'c.zsh', 'd.ksh', 'e.py', 'run', 'src/run', 'bin/run.py'].map(shellExtractor.matches)).toEqual([true, true, true, true, false, false, false, false]);
    expect(['#!/bin/sh\n', '#!/usr/bin/env bash\n', '#!/bin/zsh -e\n', '#!/usr/bin/env -S bash -eu\n'].map(hasShellShebang)).toEqual([true, true, true, true]);
    expect(['#!/usr/bin/env python3\n', '#!/usr/bin/env node\n', 'echo hi\n', '#!/bin/shell-thing\n'].map(hasShellShebang)).toEqual([false, false, false, false]);
  });

  it('reads an extension-less script in a bin, scripts, hooks or tools folder only when its shebang is a shell', () => {
    expect(['bin/deploy', 'scripts/release', 'script/setup', '.husky/hooks/pre-push', 'tools/bootstrap'].map(shellExtractor.matches)).toEqual([true, true, true, true, true]);
    expect(shellExtractor.extract('#!/usr/bin/env bash\nrsync -a . "$DEPLOY_HOST:/srv"\n', 'bin/deploy').references).toEqual([read('DEPLOY_HOST', 2, true)]);
    expect(shellExtractor.extract('#!/usr/bin/env python3\nprint("$NOT_SHELL")\n', 'bin/tool').references).toEqual([]);
    expect(shellExtractor.extract('rsync -a . "$NO_SHEBANG:/srv"\n', 'bin/data').references).toEqual([]);
  });
});
