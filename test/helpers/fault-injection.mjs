// Loaded with `node --import` before the CLI, it injects the fault MCPAUTH_TEST_FAULT names, at the
// moment mcpauth opens the temporary file it writes the new content of NAME into:
//   change:NAME   another program (Claude Desktop, an editor) writes NAME first
//   enospc:NAME   the disk is full: half the content is written, then ENOSPC
import fs from 'node:fs';
import path from 'node:path';

const [kind, name] = (process.env.MCPAUTH_TEST_FAULT ?? '').split(':');
const open = fs.promises.open;

fs.promises.open = async function (file, flags, mode) {
  const match = /^\.(.+)\.\d+\.[0-9a-f]{8}\.tmp$/.exec(path.basename(String(file)));
  if (!match || match[1] !== name || flags !== 'wx') return open.call(this, file, flags, mode);
  const target = path.join(path.dirname(String(file)), name);
  if (kind === 'change') {
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    fs.writeFileSync(target, `${before}\n/* written by another program while mcpauth was working */\n`);
    return open.call(this, file, flags, mode);
  }
  if (kind === 'enospc') {
    const handle = await open.call(this, file, flags, mode);
    handle.writeFile = async (data) => {
      const bytes = Buffer.from(data);
      await handle.write(bytes.subarray(0, bytes.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    };
    return handle;
  }
  return open.call(this, file, flags, mode);
};
