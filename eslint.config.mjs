import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/** Imports into another folder's files instead of its index.ts (tests may reach inside). */
const FOLDER_INTERNALS = [
  {
    group: [
      "**/config/*",
      "**/components/*/*",
      "../docker/*",
      "../kong/*",
      "../secrets/*",
      "../command/*",
      "../verification/*",
      "../dynamicResource/*",
    ],
    message: "Import the folder's index.ts (its public face), not one of its files.",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "bin/", ".venv/", "app/", "bench/results/", ".pulumi-state/"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The loader is CommonJS JavaScript: it is what makes the TypeScript loadable.
    files: ["loader/**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // A folder's public face is its index.ts: other folders import from it, not from its files.
    // The program's files also take Pulumi from pulumiSdk/ (the SDK's modules without its index).
    files: ["index.ts", "config/**/*.ts", "components/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@pulumi/pulumi",
              allowTypeImports: true,
              message:
                "Import Pulumi from pulumiSdk/: the SDK's index loads its Automation API and closure serializer into every program run.",
            },
          ],
          patterns: FOLDER_INTERNALS,
        },
      ],
    },
  },
  {
    files: ["scripts/**/*.ts", "bench/**/*.ts", "localEngine/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: FOLDER_INTERNALS }],
    },
  },
);
