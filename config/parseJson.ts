/** JSON text → its value, or undefined when the text is not JSON (callers say what they wanted). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
