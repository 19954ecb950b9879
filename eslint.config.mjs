import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

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
    // The program's files take Pulumi from pulumiSdk/ (the SDK's modules without its index).
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
        },
      ],
    },
  },
);
