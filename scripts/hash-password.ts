/**
 * Prints the scrypt hash of a password, for the `passwordHash` field of an identity directory
 * file (see `data/demo-students.json`). The password is read from standard input — never from
 * the command line, where it would stay in the shell history and the process list:
 *
 *   node -r ./scripts/tsRegister.js scripts/hash-password.ts          (asks, hidden)
 *   printf %s "$PASSWORD" | node -r ./scripts/tsRegister.js scripts/hash-password.ts
 */
import { hashPassword } from '../src/auth/passwordHash';

async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    // A trailing newline comes from `echo` or the editor, never from the password itself.
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const onData = (key: string): void => {
      for (const char of key) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') process.exit(130); // Ctrl-C
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

async function main(): Promise<void> {
  const password = await readPassword();
  if (!password) {
    process.stderr.write('No password given: nothing to hash.\n');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
}

void main();
