/**
 * Removes credentials from text that ends up in reports and messages (TODO comments, bad input
 * quoted in errors). Each pattern is a documented token format, a password in a URL or an obvious
 * assignment; the last two catch unknown formats by shape (long hex, long random-looking base64),
 * at the price of also hiding a full commit id, which is better than printing a key.
 */

export const REDACTED = '[redacted]';

/** Known token formats, replaced whole. */
const TOKEN_PATTERNS: RegExp[] = [
  // A PEM private key: the header, and the body and footer when the text holds them.
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?/g,
  // JSON Web Tokens: base64url header and payload, both JSON objects, so both start with eyJ.
  /\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  // AWS access key ids (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
  /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g,
  // GitHub tokens (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  // Slack bot, app, user and refresh tokens.
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/g,
  // Stripe secret and restricted keys.
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g,
  // Google API keys.
  /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
];

/** `postgres://app:s3cret@db:5432/app`: the user stays, the password goes. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(?=@)/gi;

/**
 * `password = hunter2`, `api_key: "abc"`, `"clientSecret": "..."`: the name stays, the value goes.
 * The name may be part of a longer identifier (DB_PASSWORD, accessToken).
 */
const ASSIGNMENT = /\b([A-Za-z0-9_.-]*?(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_]*["']?\s*)([:=])(\s*)("[^"]*"|'[^']*'|[^\s"',;]+)/gi;

/** Values that are code or prose, not credentials: keywords and dotted references (process.env.X). */
const NOT_A_VALUE = /^(?:null|nil|none|undefined|true|false|\[redacted\])$|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|\(/i;

const LONG_HEX = /(?<![A-Za-z0-9+/_-])[0-9a-fA-F]{32,}(?![A-Za-z0-9+/_-])/g;
const LONG_BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-])/g;

export interface RedactOptions {
  /**
   * Also hide unknown formats by their shape (long hex, random-looking base64). Off for commit
   * messages, which cite commit ids ("This reverts commit 0a1b…") far more often than keys.
   */
  byShape?: boolean;
}

/** Replaces credentials in `text` with `[redacted]`; ordinary text comes back unchanged. */
export function redactSecrets(text: string, { byShape = true }: RedactOptions = {}): string {
  let result = text;
  for (const pattern of TOKEN_PATTERNS) result = result.replace(pattern, REDACTED);
  result = result.replace(URL_PASSWORD, `$1${REDACTED}`);
  result = result.replace(ASSIGNMENT, (whole, name: string, separator: string, space: string, value: string) =>
    isCredentialValue(value, separator) ? `${name}${separator}${space}${REDACTED}` : whole,
  );
  if (!byShape) return result;
  result = result.replace(LONG_HEX, REDACTED);
  return result.replace(LONG_BASE64, (run) => (looksRandom(run) ? REDACTED : run));
}

/**
 * After `=` any literal counts; after `:`, which prose uses too ("the token: refresh it"), only a
 * quoted value or one that does not read as a word (it has a digit or a symbol).
 */
function isCredentialValue(value: string, separator: string): boolean {
  const quoted = /^["']/.test(value);
  const bare = quoted ? value.slice(1, -1) : value;
  if (bare === '' || NOT_A_VALUE.test(bare)) return false;
  if (quoted || separator === '=') return true;
  return bare.length >= 6 && /[\d!@#$%^&*+/=~]/.test(bare);
}

/**
 * Generated keys mix upper case, lower case and digits, and read as no words; identifiers and paths
 * (AbstractSingletonProxyFactoryBean2, src/components/v2/Dashboard) are mostly words. A run counts
 * as words when syllable-sized letter runs cover half of it: about 1 in 200 random 32-to-60
 * character keys does, every identifier tried did.
 */
function looksRandom(run: string): boolean {
  if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/\d/.test(run)) return false;
  let wordLetters = 0;
  for (const word of run.matchAll(/[A-Z]?[a-z]{3,}/g)) wordLetters += word[0].length;
  return wordLetters / run.length < 0.5;
}
