/** Mapping SF: paths onto the repository: the usual ways coverage paths go wrong. */
import { describe, expect, it } from 'vitest';
import { SourcePathMapper, type SourcePathContext } from '../../../analyzers/coverage/source-paths.js';

const FILES = new Set(['src/a.js', 'src/util/index.js', 'lib/util/index.js', 'packages/web/src/app.ts', 'packages/api/src/app.ts', 'README.md']);
const mapper = (context: Partial<SourcePathContext> = {}) =>
  new SourcePathMapper({ files: FILES, workdir: '/work/repo', tracefileFolder: 'coverage', root: null, ...context });

describe('SourcePathMapper', () => {
  it('takes paths relative to the folder the runner started in, with or without ./', () => {
    expect(mapper().map('src/a.js')).toBe('src/a.js');
    expect(mapper().map('./src/a.js')).toBe('src/a.js');
  });

  it('takes absolute paths inside this working tree', () => {
    expect(mapper().map('/work/repo/src/a.js')).toBe('src/a.js');
  });

  it('finds a package tracefile\'s paths under its package', () => {
    const web = mapper({ tracefileFolder: 'packages/web/coverage' });
    expect(web.map('src/app.ts')).toBe('packages/web/src/app.ts');
    expect(mapper({ tracefileFolder: 'packages/api/coverage' }).map('src/app.ts')).toBe('packages/api/src/app.ts');
  });

  it('matches paths from another machine by their tail, Windows separators included', () => {
    expect(mapper().map('/home/runner/work/app/app/src/util/index.js')).toBe('src/util/index.js');
    expect(mapper().map('D:\\a\\app\\app\\lib\\util\\index.js')).toBe('lib/util/index.js');
    expect(mapper({ tracefileFolder: null }).map('file:///ci/build/packages/web/src/app.ts')).toBe('packages/web/src/app.ts');
  });

  it('does not guess between files that end the same way', () => {
    expect(mapper().map('/elsewhere/index.js')).toBeNull();
    expect(mapper({ tracefileFolder: null }).map('/elsewhere/src/app.ts')).toBeNull();
  });

  it('strips --coverage-root, absolute or a folder of the repository', () => {
    expect(mapper({ root: '/ci/checkout' }).map('/ci/checkout/src/a.js')).toBe('src/a.js');
    expect(mapper({ root: 'C:\\ci\\checkout\\' }).map('C:\\ci\\checkout\\src\\a.js')).toBe('src/a.js');
    expect(mapper({ root: 'packages/api', tracefileFolder: null }).map('src/app.ts')).toBe('packages/api/src/app.ts');
  });

  it('gives null for a file that is not in the tree', () => {
    expect(mapper().map('src/gone.js')).toBeNull();
  });
});
