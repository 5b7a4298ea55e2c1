import { describe, expect, it } from 'vitest';
import { securityTopic, splitWords } from '../../../analyzers/files/security.js';

const SECURITY_RELEVANT: Array<[string, string]> = [
  ['src/auth/index.ts', 'authentication'],
  ['src/auth/session.ts', 'sessions'], // the file name decides before its folder
  ['src/middleware/requireAuth.ts', 'authentication'],
  ['app/controllers/login_controller.rb', 'authentication'],
  ['src/pages/sign-in.tsx', 'authentication'],
  ['src/lib/OAuth2Client.ts', 'authentication'],
  ['src/jwt.ts', 'authentication'],
  ['src/strategies/JWTStrategy.ts', 'authentication'],
  ['config/passport.js', 'authentication'],
  ['src/users/password-reset.ts', 'authentication'],
  ['src/api/refresh-tokens.ts', 'authentication'],
  ['src/auth/PermissionsGuard.ts', 'permissions'],
  ['src/rbac/roles.ts', 'authorization'],
  ['app/policies/post_policy.rb', 'authorization'],
  ['src/acl.ts', 'authorization'],
  ['src/session-store.ts', 'sessions'],
  ['src/utils/encrypt.ts', 'cryptography'],
  ['src/crypto/hash.ts', 'cryptography'],
  ['src/config/secrets.ts', 'secrets'],
  ['src/aws/credentials.ts', 'secrets'],
  ['src/apiKeys.ts', 'secrets'],
  ['src/API_KEY_STORE.ts', 'secrets'],
  ['src/middleware/csrf.ts', 'csrf protection'],
  ['src/middleware/cors.ts', 'security headers'],
  ['src/helmet.config.ts', 'security headers'],
  ['src/utils/sanitizeHtml.ts', 'input validation'],
  ['SECURITY.md', 'security'],
  ['.env', 'secrets'],
  ['.env.production', 'secrets'],
  ['deploy/certs/server.key', 'secrets'],
  ['certs/server.pem', 'secrets'],
  ['certs/ca.crt', 'certificates'],
  ['.ssh/id_rsa', 'secrets'],
  ['src/rate-limit.ts', 'rate limiting'],
];

const NOT_SECURITY: string[] = [
  'src/authors.js', // "authors" is not "auth"
  'src/blog/AuthorCard.tsx',
  'src/nlp/tokenizer.ts', // "tokenizer" is not "token"
  'src/parser/tokens.ts', // lexer tokens
  'src/styles/tokens.css', // design tokens
  'design-tokens.json',
  'src/secretary.ts',
  'src/retry-policy.ts',
  'docs/privacy-policy.md',
  '.env.example',
  '.env.sample',
  '.npmrc',
  'src/keyboard.ts',
  'src/index.ts',
  'README.md',
  'ssh/id_rsa.pub',
];

describe('securityTopic', () => {
  it.each(SECURITY_RELEVANT)('%s is about %s', (path, topic) => {
    expect(securityTopic(path)).toBe(topic);
  });

  it.each(NOT_SECURITY)('%s is not security-relevant', (path) => {
    expect(securityTopic(path)).toBeNull();
  });

  it('splits names at separators, digits and camelCase humps', () => {
    expect(splitWords('OAuth2Client.ts')).toEqual(['o', 'auth', '2', 'client', 'ts']);
    expect(splitWords('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
    expect(splitWords('api_key-store')).toEqual(['api', 'key', 'store']);
  });
});
