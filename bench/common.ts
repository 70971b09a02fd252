/**
 * What the benchmark's orchestrator (run.ts) and its variant servers
 * (server.ts) agree on: the variants, the operations, and the IPC messages.
 */

export const VARIANTS = [
  { id: "noauth", n: 1, label: "Tessera, authorization off (ceiling)" },
  { id: "tessera", n: 2, label: "Tessera as shipped (JWT verified per request)" },
  { id: "redis", n: 3, label: "Opaque session id, looked up in Redis per request" },
  { id: "mongo", n: 4, label: "Opaque session id, looked up in MongoDB per request" },
  { id: "yoga", n: 5, label: "GraphQL Yoga + @graphql-yoga/plugin-jwt (peer)" },
  { id: "logged", n: 6, label: "Tessera as shipped, logging at the default level (info)" },
] as const;

/** What a variant's server runs with beside SERVER_ENVIRONMENT. */
export const VARIANT_ENVIRONMENT: Partial<Record<VariantId, Record<string, string>>> = {
  logged: { LOG_LEVEL: "info" },
};

export type VariantId = (typeof VARIANTS)[number]["id"];
export const CEILING: VariantId = "noauth";
export const PEER: VariantId = "yoga";

export function isVariantId(value: string | undefined): value is VariantId {
  return VARIANTS.some((v) => v.id === value);
}

export interface Operation {
  id: string;
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Sent with the variant's credential (access token or session id); signIn is anonymous. */
  authenticated: boolean;
  /** Responses differ per request (fresh tokens): compared by shape, not byte for byte. */
  varies?: boolean;
}

/** 100 aliases of one guarded field: LIMIT_ALIASES (15 by default) is raised for the benchmark. */
export const GUARDED_FIELDS = 100;
export const ALIAS_LIMIT_FOR_BENCH = 150;

export const SIGN_IN_ACCOUNT = { email: "user@tessera.dev", password: "tessera-demo" };
/** The viewer of every authenticated operation: ADMIN, so every guarded field is allowed and no response carries errors. */
export const BENCH_VIEWER_EMAIL = "admin@tessera.dev";

const aliases = Array.from({ length: GUARDED_FIELDS }, (_, i) => `e${i + 1}: email`).join(" ");

export const OPERATIONS: Operation[] = [
  {
    id: "viewer",
    label: "viewer (claims only)",
    query: "query Viewer { viewer { id roles scopes expiresAt claims } }",
    authenticated: true,
  },
  {
    id: "posts50",
    label: "posts(first: 50) with authors and guarded fields",
    query:
      "query Posts { posts(first: 50) { edges { cursor node { id title status reviewNotes createdAt " +
      "author { id displayName email roles } } } pageInfo { hasNextPage endCursor } } }",
    authenticated: true,
  },
  {
    id: "guarded1",
    label: "me { email }: 1 guarded field",
    query: "query Guarded1 { me { email } }",
    authenticated: true,
  },
  {
    id: "guarded100",
    label: `me { e1: email … e${GUARDED_FIELDS}: email }: ${GUARDED_FIELDS} guarded fields`,
    query: `query Guarded100 { me { ${aliases} } }`,
    authenticated: true,
  },
  {
    id: "signIn",
    label: "signIn (argon2id, RATE_LIMITS=false)",
    query:
      "mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) " +
      "{ accessToken expiresIn refreshToken user { id email } } }",
    variables: SIGN_IN_ACCOUNT,
    authenticated: false,
    varies: true,
  },
];

/** Orchestrator → server. */
export type Command =
  | { id: number; type: "begin" }
  | { id: number; type: "end" }
  | { id: number; type: "countReset" }
  | { id: number; type: "countRead" }
  | { id: number; type: "profileStart" }
  /** Writes the CPU profile taken since profileStart to `file` (a .cpuprofile, as --cpu-prof writes). */
  | { id: number; type: "profileStop"; file: string }
  | { id: number; type: "stop" };

export interface CommandCounts {
  /** MongoDB commands started by the server's driver (command monitoring), by name. */
  database: Record<string, number>;
  /** Session-store lookups made outside MongoDB (the Redis variant). */
  redis: number;
}

export interface Window {
  cpuUserMicros: number;
  cpuSystemMicros: number;
  wallMs: number;
  rssBytes: number;
  maxRssBytes: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Server → orchestrator. */
export type Reply =
  | { type: "ready"; variant: VariantId; port: number; pid: number }
  | { type: "failed"; message: string }
  | { id: number; type: "ok" }
  | { id: number; type: "window"; window: Window }
  | { id: number; type: "counts"; counts: CommandCounts };

/** Environment variables every variant server shares (beside those run.ts sets per run: database, keys). */
export const SERVER_ENVIRONMENT: Record<string, string> = {
  // Production mode: no playground, masked errors, graphql-js without its development checks.
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  PORT: "0",
  // Every variant but `logged` measures serving without its one info line per operation.
  LOG_LEVEL: "warn",
  LOG_FORMAT: "json",
  RATE_LIMITS: "false",
  LIMIT_ALIASES: String(ALIAS_LIMIT_FOR_BENCH),
  JWT_ISSUER: "https://tessera-bench.invalid",
  // The longest allowed, so one token lasts the whole run.
  JWT_ACCESS_TTL_SECONDS: "3600",
  // The command counts come from the driver's command monitoring (the same cost in every variant).
  MONGODB_MONITOR_COMMANDS: "true",
};
