/**
 * Errors that end a command with a specific exit code and a one-line message.
 * Anything else that escapes a command is an internal error (exit 3).
 */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  io: 3,
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, bad values, missing answers: exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** Something was found or refused (drift, an unsafe write, an unparsable file): exit 1. */
export class FailureError extends CliError {
  constructor(message: string) {
    super(message, EXIT.findings);
  }
}

/** A file could not be read or written: exit 3. */
export class IoError extends CliError {
  constructor(message: string) {
    super(message, EXIT.io);
  }
}
