import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The Python that has the app's dev requirements (PyJWT, uvicorn, FastAPI). scripts/test.sh
 * exports LAB_PYTHON; under CI=true it must be set, elsewhere `.venv/bin/python` is the fallback.
 * Missing Python fails the test that needs it (it never skips).
 */
export function labPython(): string {
  const fromEnv = process.env.LAB_PYTHON;
  if (fromEnv) return fromEnv;
  if (process.env.CI === "true") {
    throw new Error("LAB_PYTHON is not set: under CI=true scripts/test.sh must export it");
  }
  const fallback = path.resolve(__dirname, "../../../.venv/bin/python");
  if (!fs.existsSync(fallback)) {
    throw new Error(
      "no LAB_PYTHON and no .venv: run `python3 -m venv .venv && .venv/bin/pip install -r app/requirements-dev.txt`",
    );
  }
  return fallback;
}

export const REPO_ROOT = path.resolve(__dirname, "../../..");
