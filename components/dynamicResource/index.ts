/**
 * Dynamic resources whose provider is a reference to a module of the project: the base class and
 * the reference. See providerReference.ts for why.
 */
export { ModuleDynamicResource } from "./ModuleDynamicResource";
export { projectRootFrom, providerReference } from "./providerReference";
