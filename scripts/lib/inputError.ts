/** Bad input from the user (a flag, a prompt answer or a stack output): exit code 2, message shown as is. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
