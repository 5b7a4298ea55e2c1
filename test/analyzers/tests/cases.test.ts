/** Test files by convention, their level, and the cases each declares, per language. */
import { describe, expect, it } from 'vitest';
import { testCasesOf } from '../../../analyzers/tests/cases.js';
import { testLanguageOf, testLevelOf } from '../../../analyzers/tests/conventions.js';

const lines = (...text: string[]) => text.join('\n') + '\n';

describe('test file conventions', () => {
  it.each([
    ['src/users.test.ts', 'javascript', 'unit'],
    ['src/__tests__/users.js', 'javascript', 'unit'],
    ['test/integration/orders.spec.js', 'javascript', 'integration'],
    ['e2e/checkout.spec.ts', 'javascript', 'e2e'],
    ['cypress/e2e/login.cy.ts', 'javascript', 'e2e'],
    ['test/users.ts', 'javascript', 'unit'],
    ['tests/test_users.py', 'python', 'unit'],
    ['app/users_test.py', 'python', 'unit'],
    ['internal/store/store_test.go', 'go', 'unit'],
    ['src/test/java/com/acme/UserServiceTest.java', 'jvm', 'unit'],
    ['src/test/java/com/acme/OrderFlowIT.java', 'jvm', 'integration'],
    ['spec/models/user_spec.rb', 'ruby', 'unit'],
    ['spec/system/checkout_spec.rb', 'ruby', 'e2e'],
  ])('takes %s as a %s test at the %s level', (path, language, level) => {
    expect(testLanguageOf(path)).toBe(language);
    expect(testLevelOf(path)).toBe(level);
  });

  it.each(['src/users.ts', 'test/fixtures/app/users.test.js', 'test/helpers/repo.ts', 'tests/conftest.py', 'test/setup.ts', 'src/types.d.ts', 'src/test/resources/data.java', 'src/UnitPrice.java'])(
    'leaves %s alone',
    (path) => {
      expect(testLanguageOf(path)).toBeNull();
    },
  );
});

describe('test cases', () => {
  it('names JavaScript cases after their describe blocks, with skip, only, todo and each noted', () => {
    const text = lines(
      "import { describe, it, test } from 'vitest';",
      "describe('users', () => {",
      "  it('creates one', () => {});",
      "  it.skip('deletes one', () => {});",
      "  describe('admin', () => {",
      "    test.each([[1], [2]])('lists page %i', (page) => {});",
      "    it.todo('bans one');",
      '  });',
      '});',
      "test.only(`reads ${kind} files`, () => {});",
      "// it('in a comment', () => {});",
      "const s = \"it('in a string', () => {})\";",
    );
    expect(testCasesOf(text, 'src/users.test.ts', 'javascript')).toEqual([
      'users > creates one',
      'users > deletes one [skip]',
      'users > admin > lists page %i [each]',
      'users > admin > bans one [todo]',
      'reads ${kind} files [only]',
    ]);
  });

  it('reads Python test functions and methods, Go tests and subtests, Ruby and JVM tests', () => {
    expect(testCasesOf(lines('def test_create():', '    pass', 'class TestUsers:', '    def test_delete(self):', '        pass', '    def helper(self):', '        pass', 'def test_list(): pass'), 'tests/test_users.py', 'python')).toEqual([
      'test_create', 'TestUsers::test_delete', 'test_list',
    ]);
    expect(testCasesOf(lines('package store', 'func TestGet(t *testing.T) {', '\tt.Run("missing key", func(t *testing.T) {})', '}', '// func TestNot(t *testing.T) {}', 'func helper(t *testing.T) {}'), 'store_test.go', 'go')).toEqual([
      'TestGet', 'TestGet/missing_key',
    ]);
    expect(testCasesOf(lines('RSpec.describe User do', "  it 'validates email' do", '  end', '  # it "commented"', 'end'), 'spec/models/user_spec.rb', 'ruby')).toEqual(['validates email']);
    expect(testCasesOf(lines('class UserServiceTest {', '  @Test', '  void createsUser() {}', '  // @Test void notATest() {}', '  void helper() {}', '}'), 'src/test/java/UserServiceTest.java', 'jvm')).toEqual(['createsUser']);
  });
});
