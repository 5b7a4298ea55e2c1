/**
 * Prisma schema files: `env("X")` in a datasource or generator block
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#env), the usual place a
 * project names its DATABASE_URL. Prisma fails to start without the variable, so it is required.
 * Comments (`//` and `///`) are skipped; `env(...)` inside a string is not a call.
 */
import type { EnvExtractor } from '../model.js';
import { codeMatches, ExtractionCollector, nameArgument, quotedContent, readArguments, scanSource, type SourceSyntax } from './source-scan.js';

const prismaSyntax: SourceSyntax = {
  lineComment: '//',
  openString: (text, at) => (text[at] === '"' ? { openLength: 1, close: '"', escapes: true, multiline: false } : null),
};

const ENV_CALL = /(?<![\w.])env\s*\(/g;

export const prismaExtractor: EnvExtractor = {
  id: 'prisma',
  matches: (path) => path.endsWith('.prisma'),
  extract(text) {
    const source = scanSource(text, prismaSyntax);
    const found = new ExtractionCollector(source);
    for (const match of codeMatches(source, ENV_CALL)) {
      const { args, end } = readArguments(source, match.index + match[0].length - 1);
      found.nameOrDynamic(nameArgument(args[0]?.text, (t) => quotedContent(t, '"')), { start: match.index, end }, true);
    }
    return found.result();
  },
};
