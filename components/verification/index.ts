/** The smoke check as the last step of `pulumi up` (config verifyAfterUp). */
export { GatewayVerification, REPO_DIR, SECRET_VARIABLE } from "./GatewayVerification";
export type { GatewayVerificationArgs } from "./GatewayVerification";
export { DEFAULT_WAIT_SECONDS, smokeCheckCommand } from "./smokeCheckCommand";
export { verificationTriggers } from "./verificationTriggers";
