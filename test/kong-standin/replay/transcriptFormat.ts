/**
 * The format of the recorded Kong transcripts (../transcripts/README.md), as the
 * stand-in's replay test reads them. The stand-in itself is a TEST DOUBLE of Kong, not Kong.
 */
import { Json, JsonObject } from "../json";

export interface TokenSpec {
  alg: "HS256" | "HS384" | "HS512" | "RS256" | "none";
  secret?: string;
  private_key?: string;
  header?: JsonObject;
  claims: JsonObject;
  string_claims?: string[];
  placement: "bearer" | "header-raw" | "query" | "cookie";
  prefix?: string;
  param?: string;
  cookie_name?: string;
}

export interface TranscriptStep {
  name: string;
  note?: string;
  target: "admin" | "proxy";
  request: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Json;
    token?: TokenSpec | TokenSpec[];
  };
  response: {
    status: number;
    headers: Record<string, string>;
    body: Json;
  };
}

export interface Transcript {
  kong_version: string;
  scenario: string;
  description: string;
  steps: TranscriptStep[];
}

/** The response headers the recordings keep. */
export const RECORDED_HEADERS = ["content-type", "www-authenticate", "location"];
