// Loaded with `node --import` before the CLI: at exit, reports on stderr any own property that
// appeared on a built-in prototype while the CLI ran (prototype pollution of the whole process).
const watched = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
const keys = (p) => Reflect.ownKeys(p).map(String).sort().join('\u0000');
const before = Object.fromEntries(Object.entries(watched).map(([name, proto]) => [name, keys(proto)]));
process.on('exit', () => {
  for (const [name, proto] of Object.entries(watched)) {
    if (keys(proto) !== before[name]) process.stderr.write(`PROTOTYPE POLLUTED: ${name}.prototype changed\n`);
  }
  if (Object.getPrototypeOf({}) !== Object.prototype || ({}).polluted !== undefined) process.stderr.write('PROTOTYPE POLLUTED: {}\n');
});
