/**
 * The parts of the Pulumi SDK (@pulumi/pulumi) that the program uses, taken from the SDK's own
 * modules instead of its index. Every file of the program (index.ts, config/, components/)
 * imports Pulumi from here: `import * as pulumi from "../pulumiSdk"`.
 *
 * Why: the SDK's index also loads its Automation API and its closure serializer (TypeScript's
 * compiler, npm's package reader), about half a second of CPU on every preview and up, which a
 * program whose dynamic providers are references to modules (components/dynamicResource) never
 * uses. The names and types are the SDK's own: `pulumi.Input<T>` here is `Input<T>` of
 * @pulumi/pulumi, so values pass to @pulumi/docker and @pulumi/command unchanged.
 *
 * ESLint refuses `import ... from "@pulumi/pulumi"` (other than `import type`) in the program's
 * files; tests, scripts and tools use the SDK's index as usual.
 */
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { isDryRun } from "@pulumi/pulumi/runtime/settings";

export * from "@pulumi/pulumi/config";
export * from "@pulumi/pulumi/errors";
export * from "@pulumi/pulumi/metadata";
export * from "@pulumi/pulumi/output";
export * from "@pulumi/pulumi/resource";
export * as log from "@pulumi/pulumi/log";
export type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The SDK's run-time state the program reads (the subset of `pulumi.runtime` it uses).
 * `isConfigSecret` is the SDK's, exported by runtime/config but not declared in its types.
 */
export const runtime = {
  allConfig: runtimeConfig.allConfig,
  isDryRun,
  isConfigSecret: (runtimeConfig as { isConfigSecret?: (key: string) => boolean }).isConfigSecret,
} as const;
