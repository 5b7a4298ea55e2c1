/**
 * Whether a path looks security-relevant, judged from its name only, and under which topic.
 *
 * Names are split into words at folder separators, `-`, `_`, `.`, spaces, digits and camelCase
 * humps (`OAuth2Client` → o, auth, 2, client; `passwordReset` → password, reset; `argon2` → argon,
 * 2), and a topic matches whole words only, so `authors.js`, `tokenizer.ts` and `secretary.ts` do
 * not match `auth`, `token` and `secret`. The file's own evidence (key and env files, then the words of the file
 * name) wins over its folders, deepest folder first: `src/auth/session.ts` is about sessions.
 */
import { splitPath } from './categories.js';

interface TopicWords {
  topic: string;
  /** Words, or word sequences written with a space ("api key" matches api-key, apiKey, API_KEY). */
  words: string[];
  /** The match does not count when any of these words occur anywhere in the path. */
  unlessWith?: string[];
}

/** In table order: the first topic whose words occur in the deciding name wins. */
const TOPICS: TopicWords[] = [
  { topic: 'secrets', words: ['secret', 'secrets', 'credential', 'credentials', 'creds', 'vault', 'keystore', 'keychain', 'api key', 'api keys', 'apikey', 'apikeys', 'private key', 'htpasswd'] },
  { topic: 'authorization', words: ['authz', 'authorize', 'authorizer', 'authorization', 'rbac', 'abac', 'acl', 'acls', 'access control'] },
  {
    topic: 'authorization',
    words: ['policy', 'policies'],
    // Pundit and OPA policies are authorization; these qualifiers name something else.
    unlessWith: ['retry', 'cache', 'caching', 'privacy', 'cookie', 'backoff', 'eviction', 'restart', 'refund', 'return', 'returns', 'shipping', 'lifecycle', 'scaling', 'update'],
  },
  { topic: 'permissions', words: ['permission', 'permissions', 'perms'] },
  {
    topic: 'authentication',
    words: [
      'auth', 'authn', 'authenticate', 'authentication', 'authenticator', 'login', 'logout', 'log in', 'log out', 'signin', 'sign in', 'signup', 'sign up',
      'oauth', 'oidc', 'openid', 'saml', 'sso', 'ldap', 'jwt', 'jwts', 'jwks', 'passport', 'password', 'passwords', 'passwd', 'mfa', 'totp', 'otp',
      'webauthn', 'passkey', 'passkeys',
    ],
  },
  {
    topic: 'authentication',
    words: ['token', 'tokens'],
    // Lexer tokens and design tokens are not credentials.
    unlessWith: ['lexer', 'lex', 'parser', 'parse', 'syntax', 'grammar', 'ast', 'design', 'theme', 'themes', 'style', 'styles', 'css', 'scss', 'sass', 'less'],
  },
  { topic: 'sessions', words: ['session', 'sessions'] },
  { topic: 'cryptography', words: ['crypto', 'cryptography', 'encrypt', 'encrypted', 'encryption', 'decrypt', 'decryption', 'cipher', 'hmac', 'bcrypt', 'argon', 'scrypt', 'pbkdf', 'kms'] },
  { topic: 'certificates', words: ['cert', 'certs', 'certificate', 'certificates', 'tls', 'ssl'] },
  { topic: 'csrf protection', words: ['csrf', 'xsrf'] },
  { topic: 'security headers', words: ['cors', 'helmet', 'csp', 'hsts'] },
  { topic: 'input validation', words: ['sanitize', 'sanitizer', 'sanitizers', 'sanitization', 'xss', 'dompurify'] },
  { topic: 'rate limiting', words: ['ratelimit', 'ratelimiter', 'rate limit', 'rate limiter', 'rate limiting', 'throttle', 'throttling'] },
  { topic: 'security', words: ['security', 'secure', 'vulnerability', 'vulnerabilities'] },
];

/** Key material and credentials files, recognised by name before any word matching. */
const SECRET_FILES: Array<{ test: (name: string, extension: string) => boolean; topic: string }> = [
  // .env, .env.local, .env.production (but not the committed templates).
  { test: (name) => /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template|dist|defaults?)$/.test(name), topic: 'secrets' },
  { test: (name) => /^id_(rsa|dsa|ecdsa|ed25519)$/.test(name), topic: 'secrets' },
  { test: (_name, extension) => ['pem', 'key', 'p12', 'pfx', 'jks', 'keystore'].includes(extension), topic: 'secrets' },
  { test: (_name, extension) => ['crt', 'cer', 'der', 'csr'].includes(extension), topic: 'certificates' },
];

/** Every phrase of the table by its first word, with the index of its topic entry (its rank). */
const BY_FIRST_WORD = new Map<string, Array<{ rank: number; phrase: string[] }>>();
TOPICS.forEach((entry, rank) => {
  for (const phrase of entry.words.map((words) => words.split(' '))) {
    const list = BY_FIRST_WORD.get(phrase[0]!) ?? [];
    list.push({ rank, phrase });
    BY_FIRST_WORD.set(phrase[0]!, list);
  }
});

/** A security topic for the path, or null. */
export function securityTopic(path: string): string | null {
  const { name, folders, extension } = splitPath(path);
  for (const file of SECRET_FILES) if (file.test(name, extension)) return file.topic;

  const nameWords = splitWords(name);
  const folderWords = folders.map(splitWords);
  const everyWord = new Set([...nameWords, ...folderWords.flat()]);
  // The file name first, then its folders from the deepest out.
  for (const words of [nameWords, ...folderWords.reverse()]) {
    const topic = firstTopic(words, everyWord);
    if (topic) return topic;
  }
  return null;
}

/** The topic of the earliest table entry with a phrase in `words` (looked up by word, not by scanning the table). */
function firstTopic(words: string[], everyWord: ReadonlySet<string>): string | null {
  let best = Number.POSITIVE_INFINITY;
  words.forEach((word, at) => {
    for (const { rank, phrase } of BY_FIRST_WORD.get(word) ?? []) {
      if (rank >= best || TOPICS[rank]!.unlessWith?.some((other) => everyWord.has(other))) continue;
      if (phrase.every((part, j) => words[at + j] === part)) best = rank;
    }
  });
  return best === Number.POSITIVE_INFINITY ? null : TOPICS[best]!.topic;
}

/** Lower-cased words of one name: `OAuth2Client.ts` → o, auth, 2, client, ts. */
export function splitWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((word) => word.toLowerCase());
}
