/** The stack config of the lab program pointed at the Kong stand-in (a test double of Kong). */
import type * as automation from "@pulumi/pulumi/automation";
import type { KongStandIn } from "../kong-standin";

/** Containers off; the stand-in's Admin API and proxy; the service forwarding to `upstreamUrl`. */
export function standInStackConfig(
  standIn: KongStandIn,
  upstreamUrl: string,
): Record<string, automation.ConfigValue> {
  return {
    "kong-jwt-lab:containersEnabled": { value: "false" },
    "kong-jwt-lab:kongAdminUrl": { value: standIn.adminUrl },
    "kong-jwt-lab:kongProxyUrl": { value: standIn.proxyUrl },
    "kong-jwt-lab:upstreamUrl": { value: upstreamUrl },
  };
}
