import * as readline from "node:readline";

/** Asks questions; answers to `askHidden` are not echoed. */
export interface Prompter {
  ask(question: string): Promise<string>;
  askHidden(question: string): Promise<string>;
  close(): void;
}

/** A prompter on a terminal: questions go to stderr so stdout carries only the token. */
export function terminalPrompter(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Prompter {
  const ask = (question: string, hidden: boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const rl = readline.createInterface({ input, output, terminal: true });
      // readline echoes through _writeToOutput; while hidden, show nothing of what is typed.
      const internals = rl as unknown as { _writeToOutput(text: string): void };
      const write = internals._writeToOutput.bind(rl);
      let answered = false;
      rl.once("SIGINT", () => {
        rl.close();
        output.write("\n");
        reject(new Error("cancelled"));
      });
      rl.question(question, (answer) => {
        answered = true;
        internals._writeToOutput = write;
        if (hidden) output.write("\n");
        rl.close();
        resolve(answer);
      });
      // The question is on screen now; from here on, echo nothing of what is typed.
      if (hidden) internals._writeToOutput = () => undefined;
      rl.once("close", () => {
        if (!answered) reject(new Error("input ended before an answer"));
      });
    });
  return {
    ask: (question) => ask(question, false),
    askHidden: (question) => ask(question, true),
    close: () => undefined,
  };
}
