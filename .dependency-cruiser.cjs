// The architecture's edges, checked by test/architecture/dependencies.test.ts (and `npx depcruise src examples`).
// A request flows HTTP → context → schema → resolver → loader → model; the token core verifies offline.
const SERVER_FRAMEWORKS = "node_modules/(mongoose|mongodb|type-graphql|fastify|@fastify|@apollo)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: modules that cannot be understood, loaded or tested one without the other.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "tokens-stay-portable",
      comment: "src/tokens verifies tokens anywhere: no database, schema library or web framework, however indirectly.",
      severity: "error",
      from: { path: "^src/tokens/" },
      to: { path: SERVER_FRAMEWORKS, reachable: true },
    },
    {
      name: "tokens-import-no-feature",
      comment: "src/tokens depends on nothing of the server but its configuration, logger and error types.",
      severity: "error",
      from: { path: "^src/tokens/" },
      to: { path: "^src/", pathNot: "^src/(tokens/|config\\.ts$|logger\\.ts$|errors\\.ts$|paths\\.ts$|startup-error\\.ts$)" },
    },
    {
      name: "models-know-no-rules",
      comment: "A model is persistence: who may read it is decided in authorization, sessions are kept in sessions.",
      severity: "error",
      from: { path: "\\.model\\.ts$" },
      to: { path: "^src/(authorization|sessions)/", pathNot: "\\.model\\.ts$" },
    },
    {
      name: "resolvers-know-no-http",
      comment: "Resolvers see the GraphQL context, never the HTTP layer: the same resolver serves HTTP and WebSocket.",
      severity: "error",
      from: { path: "\\.resolver\\.ts$" },
      to: { path: "^src/http/" },
    },
    {
      name: "reports-service-verifies-offline",
      comment: "The example service trusts Tessera's tokens with the token core alone: no database, no schema library.",
      severity: "error",
      from: { path: "^examples/reports-service/" },
      to: { path: SERVER_FRAMEWORKS, reachable: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle of types is still a cycle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^dist/" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
