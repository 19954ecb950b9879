/**
 * Kong's configuration through the Admin API: the public face of components/kong/. Other folders
 * import from here. (Pulumi's dynamic-provider process loads each provider's own module by path:
 * components/dynamicResource/providerReference.ts.)
 */
export { KongJwtConfiguration } from "./KongJwtConfiguration";
export { KongConsumerSet, type KongConsumerSetArgs } from "./ConsumerSet";
export { DEFAULT_CONSUMER_SET_CONCURRENCY } from "./consumerSetProvider";
/** The set's provider and its wire format, for driving it without the engine (bench/). */
export { consumerSetProvider, type ConsumerSetInputs } from "./consumerSetProvider";
export { encodeConsumers, encodeSecrets } from "./consumerSetWire";
export { KongService } from "./KongService";
export { KongRoute } from "./KongRoute";
export { KongConsumer } from "./KongConsumer";
export { KongJwtCredential } from "./KongJwtCredential";
export { KongPlugin } from "./KongPlugin";
export { createAdminClient, KongAdminError } from "./adminClient";
export { AdminApiUnreachableError, reachableAdminUrl } from "./adminReachability";
