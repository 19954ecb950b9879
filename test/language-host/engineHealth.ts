/**
 * The real language host health-checks the engine that started it (rpcutil.Healthcheck on the engine
 * address) and exits when the engine is gone, so a killed `pulumi` leaves no host behind. This does
 * the same with the standard gRPC health service: a `Check` every second; an UNAVAILABLE answer
 * (nobody listening any more) calls `onGone` once. An engine that does not implement the health
 * service (UNIMPLEMENTED) is alive.
 */
import * as grpc from "@grpc/grpc-js";

const CHECK_PATH = "/grpc.health.v1.Health/Check";
const INTERVAL_MS = 1_000;

/** Starts watching; returns a function that stops the watch. */
export function watchEngine(engineAddress: string, onGone: () => void): () => void {
  const client = new grpc.Client(engineAddress, grpc.credentials.createInsecure());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    if (stopped) return;
    client.makeUnaryRequest(
      CHECK_PATH,
      () => Buffer.alloc(0), // HealthCheckRequest{service: ""} encodes to nothing
      (bytes: Buffer) => bytes,
      {},
      new grpc.Metadata(),
      { deadline: Date.now() + 5_000 },
      (err: grpc.ServiceError | null) => {
        if (stopped) return;
        if (err && err.code === grpc.status.UNAVAILABLE) {
          stop();
          onGone();
          return;
        }
        timer = setTimeout(check, INTERVAL_MS);
        timer.unref();
      },
    );
  };
  const stop = (): void => {
    stopped = true;
    if (timer) clearTimeout(timer);
    client.close();
  };
  check();
  return stop;
}
