/**
 * Where the lab's Kong configuration goes: the public face of components/docker/. Only
 * `createLabTarget` and types: the container components (and @pulumi/docker) load when a stack
 * runs its containers, never by importing this folder.
 */
export { createLabTarget, type LabTarget, type LabUrls } from "./labTarget";
