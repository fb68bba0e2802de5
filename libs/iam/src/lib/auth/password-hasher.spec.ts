import { PasswordHasher, passwordProblem } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(1024);

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('Demo@2023!');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(hasher.verify('Demo@2023!', stored)).resolves.toBe(true);
    await expect(hasher.verify('demo@2023!', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('Demo@2023!')).not.toEqual(await hasher.hash('Demo@2023!'));
  });

  it('refuses malformed stored hashes', async () => {
    await expect(hasher.verify('x', 'plain')).resolves.toBe(false);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['short1!', /at least 10/],
    ['alllowercaseletters', /three of/],
    ['Demo@2023!', null],
    ['Correct-horse-battery', null],
  ])('%s', (password, expected) => {
    const problem = passwordProblem(password);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
