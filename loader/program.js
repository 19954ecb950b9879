"use strict";
/**
 * The Pulumi program's entry (package.json "main"): Pulumi's Node.js runner requires this file,
 * which makes the project's TypeScript loadable (./registerTypeScript.js) and runs index.ts. Its
 * exports are the stack's outputs.
 */
require("./registerTypeScript");
module.exports = require("../index.ts");
