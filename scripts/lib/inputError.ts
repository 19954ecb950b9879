/** Bad input from the user (a flag, a prompt answer or a stack output): exit code 2, message shown as is. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Exit code 2 with the message on `stderr` for an InputError; any other error is rethrown. */
export function exitOnInputError(err: unknown, stderr: (text: string) => void): 2 {
  if (err instanceof InputError) {
    stderr(`error: ${err.message}\n`);
    return 2;
  }
  throw err;
}
