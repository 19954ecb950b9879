/** The lab's sample request (the write-up's Postman call) as one curl line, for a stack output. */

export function sampleRequest(proxyUrl: string, routePath: string, stack: string): string {
  return (
    `curl -i -H "Authorization: Bearer <token>" ${proxyUrl.replace(/\/+$/, "")}${routePath}` +
    `   # <token>: npm run token -- --stack ${stack}`
  );
}
