import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/redact.js';

// Real-looking credentials, assembled at run time so that secret scanners do not flag this file.
const join = (...parts: string[]) => parts.join('');
const SAMPLES: Array<[string, string, string]> = [
  ['an AWS access key id', join('key AKIA', 'IOSFODNN7EXAMPLE', ' in use'), 'key [redacted] in use'],
  ['a GitHub personal token', join('use ghp_', 'R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12'), 'use [redacted]'],
  ['a GitHub fine-grained token', join('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'), '[redacted]'],
  ['a GitHub app token', join('ghs_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'), '[redacted]'],
  ['a Slack bot token', join('xoxb-', '2400000000-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'), '[redacted]'],
  ['a Stripe live key', join('sk_live_', '51H8xYzAbCdEfGhIjKlMnOpQr'), '[redacted]'],
  ['a Stripe restricted key', join('rk_test_', '51H8xYzAbCdEfGhIjKlMn'), '[redacted]'],
  ['a Google API key', join('AIza', 'SyD-1234567890abcdefghijklmnopqrstu'), '[redacted]'],
  [
    'a JWT',
    join('token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ', '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'),
    'token [redacted]',
  ],
  ['a private key header', join('-----BEGIN RSA ', 'PRIVATE KEY----- pasted here'), '[redacted] pasted here'],
  ['a whole private key', join('-----BEGIN ', 'PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END ', 'PRIVATE KEY-----'), '[redacted]'],
  ['a password assignment', 'remove password=hunter2 before release', 'remove password=[redacted] before release'],
  ['an env-style secret', 'DB_PASSWORD = "correct horse battery"', 'DB_PASSWORD = [redacted]'],
  ['a JSON secret', '{"clientSecret": "abc"}', '{"clientSecret": [redacted]}'],
  ['an api key with a colon', 'api_key: 9f8e7d6c', 'api_key: [redacted]'],
  ['a password in a URL', 'connect to postgres://app:s3cr3t@db:5432/app', 'connect to postgres://app:[redacted]@db:5432/app'],
  ['a long hex run', join('signing key ', '3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'), 'signing key [redacted]'],
  ['a long base64 run', join('blob ', 'q8ZtXrP3LmN0vB6yK2wE5sJ9hG1dF4aQ7uC'), 'blob [redacted]'],
];

const ORDINARY: string[] = [
  'refresh the token when it expires',
  'the token: refresh it before the call',
  'rotate the secret: ask ops first',
  'password = process.env.DB_PASSWORD',
  'token = getToken() should be cached',
  'password: null is allowed here',
  'move to src/components/dashboard/widgets/OrderSummaryCard',
  'rename AbstractSingletonProxyFactoryBean2 to something shorter',
  'see https://github.com/acme/shop/issues/123 and PR #45',
  'handle 2024-01-15T10:00:00Z timestamps',
  'use sha256 for the cache keys',
  'TODO: split this into useOrderTotals and useOrderDiscounts',
  'keep under 80 chars',
];

describe('redactSecrets', () => {
  it.each(SAMPLES)('redacts %s', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each(ORDINARY)('leaves %j alone', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets without the shape rules (commit messages)', () => {
  it('still redacts known token formats, URL passwords and assignments', () => {
    for (const [, text, expected] of SAMPLES.filter(([what]) => !/long (hex|base64) run/.test(what))) expect(redactSecrets(text, { byShape: false })).toBe(expected);
  });

  it('keeps the commit ids a message cites', () => {
    const revert = 'This reverts commit 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a.';
    expect(redactSecrets(revert, { byShape: false })).toBe(revert);
  });
});
