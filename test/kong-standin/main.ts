/**
 * Runs the Kong stand-in (a TEST DOUBLE reproducing recorded Kong Admin API / proxy behaviour, not
 * Kong) on its own and prints one JSON line {"adminUrl","proxyUrl","version"}:
 *
 *   node --import tsx test/kong-standin/main.ts --version 3.9.3 [--admin-port N --proxy-port N] [--host H]
 *
 * Stops on SIGINT / SIGTERM.
 */
import { startKongStandIn } from "./index";
import { isStandInVersion } from "./versions";

function parseArgs(argv: string[]): {
  version: "2.8.4" | "3.9.3";
  host?: string;
  adminPort?: number;
  proxyPort?: number;
} {
  const out: { version: "2.8.4" | "3.9.3"; host?: string; adminPort?: number; proxyPort?: number } =
    {
      version: "3.9.3",
    };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const port = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new Error(`${flag}: a port number, got ${value}`);
      i++;
      return n;
    };
    if (flag === "--version") {
      if (!isStandInVersion(value)) throw new Error(`--version: 2.8.4 or 3.9.3, got ${value}`);
      out.version = value;
      i++;
    } else if (flag === "--admin-port") out.adminPort = port();
    else if (flag === "--proxy-port") out.proxyPort = port();
    else if (flag === "--host") {
      out.host = value;
      i++;
    } else throw new Error(`unknown argument ${flag}`);
  }
  return out;
}

async function main(): Promise<void> {
  const standIn = await startKongStandIn(parseArgs(process.argv.slice(2)));
  console.log(
    JSON.stringify({
      adminUrl: standIn.adminUrl,
      proxyUrl: standIn.proxyUrl,
      version: standIn.version,
    }),
  );
  const stop = () => {
    void standIn.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
