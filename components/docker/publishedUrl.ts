/** The http URL a browser on this machine uses for a port published on `bindAddress`. */
import * as net from "net";

export function publishedUrl(bindAddress: string, port: number): string {
  let host = bindAddress;
  if (bindAddress === "0.0.0.0") host = "127.0.0.1";
  else if (bindAddress === "::") host = "[::1]";
  else if (net.isIPv6(bindAddress)) host = `[${bindAddress}]`;
  return `http://${host}:${port}`;
}
