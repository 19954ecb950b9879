/**
 * What every part of the Kong stand-in (a TEST DOUBLE of Kong's Admin API and proxy, not Kong)
 * shares: the entity store and the traits of the version it acts as.
 */
import { EntityStore } from "./store";
import { VersionTraits } from "./versions";

export interface StandInContext {
  readonly store: EntityStore;
  readonly traits: VersionTraits;
  /** The listener addresses, reported by GET / configuration. */
  readonly listeners: {
    admin: { host: string; port: number };
    proxy: { host: string; port: number };
  };
}
