/**
 * The lab's upstream: the FastAPI app built from this repository's app/ folder (app/Dockerfile),
 * tagged with a hash of its files so that a change to the app rebuilds the image and replaces the
 * container. Listens on 8080 in the container, reachable by Kong as http://fastapi:8080 and from
 * this machine on 127.0.0.1 only.
 */
import * as fs from "fs";
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "../../pulumiSdk";
import { contentHash } from "./contentHash";
import { READINESS_PROBE_TIMING } from "./readinessProbe";

export const FASTAPI_ALIAS = "fastapi";
export const FASTAPI_CONTAINER_PORT = 8080;
/** The app's health path; Kong's service points at it. */
export const FASTAPI_HEALTH_PATH = "/healthy";
/** app/ at the repository root. */
export const DEFAULT_APP_DIR = path.resolve(__dirname, "..", "..", "app");

export interface FastApiUpstreamArgs {
  readonly namePrefix: pulumi.Input<string>;
  readonly networkName: pulumi.Input<string>;
  /** Host port on 127.0.0.1. */
  readonly hostPort: pulumi.Input<number>;
  /** Build context holding the Dockerfile; defaults to the repository's app/. */
  readonly appDir?: string;
}

export class FastApiUpstream extends pulumi.ComponentResource {
  readonly image: docker.Image;
  readonly container: docker.Container;
  /** The upstream as Kong reaches it on the lab network: http://fastapi:8080/healthy. */
  readonly urlFromKong: pulumi.Output<string>;
  /** The app as this machine reaches it, without Kong. */
  readonly urlFromHost: pulumi.Output<string>;

  constructor(name: string, args: FastApiUpstreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kong-jwt-lab:docker:FastApiUpstream", name, {}, opts);
    const appDir = args.appDir ?? DEFAULT_APP_DIR;
    const dockerfile = path.join(appDir, "Dockerfile");
    if (!fs.existsSync(dockerfile)) {
      throw new pulumi.RunError(`The FastAPI app's Dockerfile is missing: ${dockerfile}`);
    }

    this.image = new docker.Image(
      `${name}-image`,
      {
        imageName: pulumi.interpolate`${args.namePrefix}-fastapi:${contentHash(appDir)}`,
        build: { context: appDir, dockerfile },
        skipPush: true,
      },
      { parent: this },
    );

    this.container = new docker.Container(
      `${name}-container`,
      {
        name: pulumi.interpolate`${args.namePrefix}-fastapi`,
        image: this.image.imageName,
        networksAdvanced: [{ name: args.networkName, aliases: [FASTAPI_ALIAS] }],
        ports: [{ internal: FASTAPI_CONTAINER_PORT, external: args.hostPort, ip: "127.0.0.1" }],
        healthcheck: {
          tests: [
            "CMD",
            "python",
            "-c",
            `import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${FASTAPI_CONTAINER_PORT}${FASTAPI_HEALTH_PATH}', timeout=2).status == 200 else 1)`,
          ],
          ...READINESS_PROBE_TIMING,
          timeout: "3s",
          retries: 12,
        },
        wait: true,
        waitTimeout: 120,
        restart: "unless-stopped",
      },
      { parent: this },
    );

    // Not derived from the container: Kong's service may point here before the app is up (Kong
    // resolves the name per request), so the Kong configuration does not wait for the app.
    this.urlFromKong = pulumi.output(
      `http://${FASTAPI_ALIAS}:${FASTAPI_CONTAINER_PORT}${FASTAPI_HEALTH_PATH}`,
    );
    this.urlFromHost = pulumi.interpolate`http://127.0.0.1:${args.hostPort}${FASTAPI_HEALTH_PATH}`;
    this.registerOutputs({ urlFromKong: this.urlFromKong, urlFromHost: this.urlFromHost });
  }
}
