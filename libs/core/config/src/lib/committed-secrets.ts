/** Development-only signing secret, used when JWT_SECRET is unset outside production. */
export const DEV_JWT_SECRET = 'dev-only-insecure-secret-change-me-0000000000';

/**
 * Every signing secret written down in this repository (config defaults, tests, docs, examples). They are
 * public, so production refuses to start with any of them. A new secret committed anywhere (a test, an example
 * in the docs) belongs in this list; docs/security.md says so.
 */
export const COMMITTED_SECRETS: readonly string[] = [
  DEV_JWT_SECRET,
  // apps/api/test/auth.e2e-spec.ts: the forged-token case signs with it
  'another-secret-another-secret-another-secret',
  // libs/core/config/src/lib/app-config.spec.ts
  'x'.repeat(40),
  // placeholders people copy from docs and examples
  'change-me',
  'changeme',
  'secret',
];

/** Whether a secret is one of the committed ones (compared trimmed, case-insensitively for the placeholders). */
export function isCommittedSecret(secret: string): boolean {
  const value = secret.trim();
  return COMMITTED_SECRETS.some((known) => known === value || known.toLowerCase() === value.toLowerCase());
}
