/** `mcpauth secret hash` from the CLI: the same answers as `openssl passwd -5` (vectors made with OpenSSL 3.0.19). */
import { verifySha256Crypt } from '../src/crypto/sha256-crypt.js';
import { runCli } from './helpers/cli.js';

test.each([
  // The hash in the Curity example's configuration.
  ['Password1\n', ['--salt', '7zfl3Bsen5f/vJsr'], '$5$7zfl3Bsen5f/vJsr$fBiHnGCiDh8dh.E7XHzVgRRlSnD18dqBtHxtKAn6Q45'],
  ['Password1', ['--salt', '4VcWtNqulwJgD7Zw'], '$5$4VcWtNqulwJgD7Zw$419nONvuY5nMFnyA7nYmrdhYE5wp1dP/ZPeeE1U3WAA'],
  ['Hello world!\r\n', ['--salt', 'saltstringsaltst', '--rounds', '10000'], '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
  [`${'a'.repeat(32)}\n`, ['--salt', 'len32'], '$5$len32$NH9BzSSZLs3V1yRSXO04GZD9aAjjThRwjlUaNvUtGa/'],
  ['pässwörd €\n', ['--salt', 'unicode'], '$5$unicode$uWoxS9XTgIj9LGh4TpD8HCrYhQFgyX3cUPTASnmcgn1'],
  ['secret', ['--salt', 'abc', '--rounds', '1000'], '$5$rounds=1000$abc$Mz4DiYKTnNKbZLo/mIp3d8Y4aQBhv3uhSwxLDy55/Y8'],
])('%j %j prints the openssl hash', (input, args, hash) => {
  const r = runCli(['secret', 'hash', ...args], { input });
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${hash}\n`);
  expect(r.stderr).toBe('');
});

test('without --salt: a random 16-character salt, default rounds, a hash that verifies', () => {
  const first = runCli(['secret', 'hash'], { input: 'my-client-secret\n' }).stdout.trim();
  const second = runCli(['secret', 'hash'], { input: 'my-client-secret\n' }).stdout.trim();
  expect(first).toMatch(/^\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43}$/);
  expect(first).not.toBe(second);
  expect(verifySha256Crypt('my-client-secret', first)).toBe(true);
  expect(verifySha256Crypt('my-client-secret', second)).toBe(true);
});

test.each([
  [['--salt', 'has space'], 'x', /--salt/],
  [['--salt', 'seventeen-chars-x'], 'x', /--salt/],
  [['--rounds', '999'], 'x', /--rounds/],
  [['--rounds', '1.5'], 'x', /--rounds/],
  [[], '', /empty/],
  [[], 'two\nlines\n', /more than one line/],
])('%j with %j exits 2 and never echoes the input', (args, input, message) => {
  const r = runCli(['secret', 'hash', ...args], { input });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
  if (input.length > 2) expect(r.stderr).not.toContain(input.trim());
});
