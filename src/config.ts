import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "./paths.js";
import { StartupError } from "./startup-error.js";
import { ALL_ROLES, isRole, type Role } from "./tokens/role.js";
import { parseTrustedIssuers, TrustedIssuersError, type TrustedIssuer } from "./tokens/issuers/trusted-issuers.js";

/**
 * Every environment variable Tessera reads, parsed and validated once.
 * Development works with no configuration at all; production refuses to
 * start without what it needs (see `productionRequirements`).
 */

const SECONDS_PER_DAY = 86_400;
/** RFC 9068 access tokens should be short-lived; an hour is our ceiling. */
const MAX_ACCESS_TOKEN_TTL_SECONDS = 3_600;
/** The floor outside tests: a client needs time to use a token. Tests may go lower, to wait out a real expiry in seconds. */
const MIN_ACCESS_TOKEN_TTL_SECONDS = 30;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

export const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: optionalString,
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  DATA_DIR: z.string().default(".data"),
  MONGODB_URI: optionalString,
  EMBEDDED_DB_BIN: optionalString,
  MONGODB_MONITOR_COMMANDS: booleanFlag.default(false),
  SEED_DEMO_ACCOUNTS: booleanFlag.optional(),
  SEED_DEMO_POSTS: booleanFlag.optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  TRUST_PROXY: optionalString,
  CORS_ORIGINS: z.string().default(""),
  REFRESH_TOKEN_TRANSPORT: z.enum(["body", "cookie"]).default("body"),
  PLAYGROUND: z.enum(["graphiql", "sandbox", "off"]).optional(),

  LIMIT_TOKENS: z.coerce.number().int().positive().default(10_000),
  LIMIT_DEPTH: z.coerce.number().int().positive().default(12),
  LIMIT_ALIASES: z.coerce.number().int().nonnegative().default(15),
  LIMIT_DIRECTIVES: z.coerce.number().int().nonnegative().default(50),
  LIMIT_COST: z.coerce.number().int().positive().default(10_000),
  LIMIT_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  LIMIT_EXECUTION_MS: z.coerce.number().int().positive().default(10_000),
  TIMEOUT_REQUEST_MS: z.coerce.number().int().positive().default(30_000),
  TIMEOUT_HEADERS_MS: z.coerce.number().int().positive().default(10_000),
  TIMEOUT_KEEP_ALIVE_MS: z.coerce.number().int().positive().default(5_000),
  TRUSTED_DOCUMENTS_FILE: optionalString,
  TRUSTED_DOCUMENTS_BYPASS_ROLES: z.string().default(""),
  INTROSPECTION: z.string().regex(/^(on|off|roles:[A-Z_,]+)$/, "must be on, off or roles:ROLE[,ROLE...]").optional(),
  METRICS_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65535)]).default(9464),
  RATE_LIMITS: booleanFlag.default(true),
  REDIS_URL: optionalString,
  REVOCATION_RESYNC_MS: z.coerce.number().int().min(100).default(30_000),

  JWT_ALG: z.enum(["ES256", "EdDSA", "HS256"]).default("ES256"),
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: z.string().min(1).default("tessera"),
  JWT_CLIENT_ID: z.string().min(1).default("tessera"),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(1).max(MAX_ACCESS_TOKEN_TTL_SECONDS).default(900),
  JWT_REFRESH_TTL_SECONDS: z.coerce.number().int().min(60).max(365 * SECONDS_PER_DAY).default(30 * SECONDS_PER_DAY),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  JWT_SIGNING_KEY: optionalString,
  JWT_VERIFY_KEYS: optionalString,
  JWT_SECRET: optionalString,
  JWT_KEYS_FILE: optionalString,
  JWT_KEYS_RELOAD_MS: z.coerce.number().int().min(100).default(5_000),
  JWT_VERIFIED_CACHE_SIZE: z.coerce.number().int().nonnegative().default(10_000),
  PUBLIC_URL: optionalString,
  DPOP: z.enum(["off", "optional", "required"]).default("optional"),
  DPOP_NONCES: booleanFlag.default(false),
  DPOP_NONCE_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters of random").optional()),
  DPOP_PROOF_MAX_AGE_SECONDS: z.coerce.number().int().min(5).max(300).default(60),
  TRUSTED_ISSUERS: optionalString,
  TRUSTED_ISSUERS_FILE: optionalString,
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment["NODE_ENV"];
  isProduction: boolean;
  host: string;
  port: number;
  logLevel: Environment["LOG_LEVEL"];
  /** pretty: human-readable lines for a developer's terminal; json: one object per line for log pipelines. */
  logFormat: "json" | "pretty";
  dataDir: string;
  /** monitorCommands: the driver emits an event per command, for tests and the benchmark that count them. */
  database: { uri?: string; embeddedBinary: string; monitorCommands: boolean };
  seedDemoAccounts: boolean;
  /** A few posts by the demo accounts, in an empty posts collection: development's default, not the tests'. */
  seedDemoPosts: boolean;
  shutdownTimeoutMs: number;
  /**
   * What a browser gets at GET /graphql: our bundled GraphiQL (works offline), Apollo Sandbox (loaded from
   * Apollo's CDN, so it needs internet and no Content-Security-Policy), or nothing.
   */
  playground: "graphiql" | "sandbox" | "off";
  /** Who may introspect: everyone, nobody, or the holders of these roles. */
  introspection: { allowed: "everyone" | "nobody" } | { allowed: "roles"; roles: Role[] };
  /** The port of /metrics (Prometheus), never the API's; undefined when METRICS_PORT=off. */
  metricsPort: number | undefined;
  /** Trusted documents: the manifest file, and the roles that may send any operation anyway. */
  trustedDocuments: { file: string; bypassRoles: Role[] } | undefined;
  /** Fastify's trustProxy: whom to believe about the client address behind a load balancer. */
  trustProxy: boolean | string[];
  /** Browser origins allowed to call the API with credentials (exact `scheme://host[:port]`); empty: none. */
  corsOrigins: string[];
  /** body: refresh tokens travel in GraphQL arguments and payloads; cookie: in an httpOnly `__Host-` cookie. */
  refreshTokenTransport: Environment["REFRESH_TOKEN_TRANSPORT"];
  /** Operation limits, checked before execution. */
  limits: { tokens: number; depth: number; aliases: number; directives: number; cost: number; bodyBytes: number; executionMs: number };
  /**
   * How long a client may take, in ms: to send a whole request (headers and body), to send its headers, and to
   * send its next request on a kept-alive connection. A slow client never holds a socket longer.
   */
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number };
  rateLimits: { enabled: boolean; redisUrl?: string };
  /** Revoked users reach every instance by Redis pub/sub (REDIS_URL), and by a resync from the database this often. */
  revocation: { redisUrl?: string; resyncMs: number };
  /** With REDIS_URL, subscription events published on one instance reach subscribers on every instance. */
  events: { redisUrl?: string };
  jwt: {
    algorithm: Environment["JWT_ALG"];
    issuer: string;
    audience: string;
    clientId: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    clockToleranceSeconds: number;
    /** The longest an access token is accepted after it is issued: its lifetime plus the clock tolerance. */
    maxTokenLifetimeSeconds: number;
    /** How many verified access tokens are remembered (by hash) so a repeat skips the signature check; 0: none. */
    verifiedCacheSize: number;
    /** Private signing key as JWK JSON or PEM; generated into dataDir in development. */
    signingKey?: string;
    /** Older public keys still accepted during rotation: a JSON array of JWKs, or PEMs. */
    verifyKeys?: string;
    /** HS256 only: at least 32 random bytes, base64url or hex. */
    secret?: string;
    /** A private key file with lifecycles (see tokens/key-file.ts), re-read while running so rotation needs no restart. */
    keysFile?: string;
    keysReloadMs: number;
  };
  /**
   * The GraphQL endpoint's URL as clients address it (PUBLIC_URL), against which DPoP proofs' `htu` is compared;
   * unset, it is derived from each request (its Host, and X-Forwarded-* from a trusted proxy).
   */
  publicUrl: string | undefined;
  dpop: {
    mode: Environment["DPOP"];
    /** Require the server's nonces in proofs (RFC 9449 §8), with this secret shared by every instance. */
    nonces: { secret: Buffer } | undefined;
    proofMaxAgeSeconds: number;
    redisUrl?: string;
  };
  /** Other identity providers whose access tokens are accepted beside ours (TRUSTED_ISSUERS). */
  trustedIssuers: TrustedIssuer[];
  /** The longest any accepted token, ours or another issuer's, stays valid: how long a revocation must be remembered. */
  maxAcceptedTokenLifetimeSeconds: number;
}

export class ConfigError extends StartupError {
  override name = "ConfigError";
}

/** `true`, or a comma-separated list of proxy addresses or CIDRs (e.g. `10.0.0.0/8`); unset trusts no proxy. */
function parseRoles(name: string, value: string): Role[] {
  const roles = value.split(",").map((role) => role.trim()).filter(Boolean);
  for (const role of roles) {
    if (!isRole(role)) throw new ConfigError(`${name}: ${JSON.stringify(role)} is not a role (${ALL_ROLES.join(", ")})`);
  }
  return roles.filter(isRole);
}

/**
 * INTROSPECTION, or by default: everyone outside production; in production nobody, unless a playground is
 * served (its editor and docs need the schema).
 */
function parseIntrospection(value: string | undefined, isProduction: boolean, playground: Config["playground"]): Config["introspection"] {
  if (value === "on" || (value === undefined && (!isProduction || playground !== "off"))) return { allowed: "everyone" };
  if (value === "off" || value === undefined) return { allowed: "nobody" };
  return { allowed: "roles", roles: parseRoles("INTROSPECTION", value.slice("roles:".length)) };
}

function parseTrustProxy(value: string | undefined): Config["trustProxy"] {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * Each entry must be an origin exactly as browsers send it in the Origin header (`https://app.example.com`,
 * `http://localhost:5173`): anything else would never match, or, like `*`, would match too much.
 */
function parseCorsOrigins(value: string): string[] {
  const origins = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    const url = URL.parse(origin);
    if (!url || !["http:", "https:"].includes(url.protocol) || url.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin as browsers send it ` +
          "(scheme://host[:port]: http or https, lower case, no default port, no path or trailing slash)",
      );
    }
  }
  return origins;
}

/** An absolute http(s) URL, without query or fragment: what a DPoP proof's `htu` names. */
function parsePublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.parse(value);
  if (!url || !["http:", "https:"].includes(url.protocol) || url.search || url.hash) {
    throw new ConfigError(`PUBLIC_URL: ${JSON.stringify(value)} must be the endpoint's absolute http(s) URL, without query or fragment`);
  }
  return `${url.origin}${url.pathname}`;
}

function productionRequirements(env: Environment): string[] {
  const missing: string[] = [];
  if (!env.MONGODB_URI) missing.push("MONGODB_URI");
  if (env.JWT_ALG === "HS256" ? !env.JWT_SECRET : !env.JWT_SIGNING_KEY && !env.JWT_KEYS_FILE) {
    missing.push(env.JWT_ALG === "HS256" ? "JWT_SECRET" : "JWT_SIGNING_KEY (or JWT_KEYS_FILE)");
  }
  if (!env.JWT_ISSUER) missing.push("JWT_ISSUER");
  return missing;
}

/** TRUSTED_ISSUERS, or the file TRUSTED_ISSUERS_FILE names: every mistake at once, one line each. */
function loadTrustedIssuers(env: Environment, ownIssuer: string): TrustedIssuer[] {
  if (env.TRUSTED_ISSUERS && env.TRUSTED_ISSUERS_FILE) throw new ConfigError("set TRUSTED_ISSUERS or TRUSTED_ISSUERS_FILE, not both");
  const name = env.TRUSTED_ISSUERS_FILE ? "TRUSTED_ISSUERS_FILE" : "TRUSTED_ISSUERS";
  let text = env.TRUSTED_ISSUERS;
  if (env.TRUSTED_ISSUERS_FILE) {
    const file = path.resolve(projectRoot, env.TRUSTED_ISSUERS_FILE);
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new ConfigError(`TRUSTED_ISSUERS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (text === undefined) return [];
  try {
    return parseTrustedIssuers(text, ownIssuer);
  } catch (error) {
    if (!(error instanceof TrustedIssuersError)) throw error;
    throw new ConfigError(error.problems.map((problem) => `${name}${problem}`).join("\n"));
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === "production";
  if (env.NODE_ENV !== "test" && env.JWT_ACCESS_TTL_SECONDS < MIN_ACCESS_TOKEN_TTL_SECONDS) {
    throw new ConfigError(`JWT_ACCESS_TTL_SECONDS must be ${MIN_ACCESS_TOKEN_TTL_SECONDS} to ${MAX_ACCESS_TOKEN_TTL_SECONDS} (lower only with NODE_ENV=test)`);
  }
  if (isProduction) {
    const missing = productionRequirements(env);
    if (missing.length > 0) {
      throw new ConfigError(`production mode requires ${missing.join(", ")} (no embedded database, no generated keys)`);
    }
  }
  if (isProduction && env.PLAYGROUND === "sandbox") {
    throw new ConfigError("PLAYGROUND=sandbox loads Apollo's pages from its CDN, which production's Content-Security-Policy forbids: use graphiql or off");
  }
  if (env.EMBEDDED_DB_BIN && !env.MONGODB_URI && !existsSync(env.EMBEDDED_DB_BIN)) {
    throw new ConfigError(`EMBEDDED_DB_BIN is ${env.EMBEDDED_DB_BIN}, which does not exist (unset it to use the one npm install builds)`);
  }
  if (env.TIMEOUT_HEADERS_MS > env.TIMEOUT_REQUEST_MS) {
    throw new ConfigError("TIMEOUT_HEADERS_MS must not exceed TIMEOUT_REQUEST_MS: the request timeout covers the headers too");
  }
  if (env.JWT_ALG === "HS256" && !env.JWT_SECRET) {
    throw new ConfigError("JWT_ALG=HS256 requires JWT_SECRET (at least 256 random bits)");
  }

  const issuer = env.JWT_ISSUER ?? `http://localhost:${env.PORT}`;
  const trustedIssuers = loadTrustedIssuers(env, issuer);
  const host = env.HOST ?? (isProduction ? "0.0.0.0" : "localhost");
  const playground = env.PLAYGROUND ?? (isProduction ? "off" : "graphiql");
  const dataDir = path.resolve(projectRoot, env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    isProduction,
    host,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (!isProduction && process.stdout.isTTY ? "pretty" : "json"),
    dataDir,
    database: {
      uri: env.MONGODB_URI,
      embeddedBinary: env.EMBEDDED_DB_BIN ?? path.join(projectRoot, "tools/embedded-db/bin/embedded-db"),
      monitorCommands: env.MONGODB_MONITOR_COMMANDS,
    },
    // Demo accounts have a published password: never in production, and on a database we did not
    // start (MONGODB_URI) only when asked for explicitly.
    seedDemoAccounts: !isProduction && (env.SEED_DEMO_ACCOUNTS ?? !env.MONGODB_URI),
    seedDemoPosts: !isProduction && (env.SEED_DEMO_ACCOUNTS ?? !env.MONGODB_URI) && (env.SEED_DEMO_POSTS ?? env.NODE_ENV !== "test"),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    playground,
    introspection: parseIntrospection(env.INTROSPECTION, isProduction, playground),
    metricsPort: env.METRICS_PORT === "off" ? undefined : env.METRICS_PORT,
    trustedDocuments: env.TRUSTED_DOCUMENTS_FILE
      ? { file: path.resolve(projectRoot, env.TRUSTED_DOCUMENTS_FILE), bypassRoles: parseRoles("TRUSTED_DOCUMENTS_BYPASS_ROLES", env.TRUSTED_DOCUMENTS_BYPASS_ROLES) }
      : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    refreshTokenTransport: env.REFRESH_TOKEN_TRANSPORT,
    limits: {
      tokens: env.LIMIT_TOKENS,
      depth: env.LIMIT_DEPTH,
      aliases: env.LIMIT_ALIASES,
      directives: env.LIMIT_DIRECTIVES,
      cost: env.LIMIT_COST,
      bodyBytes: env.LIMIT_BODY_BYTES,
      executionMs: env.LIMIT_EXECUTION_MS,
    },
    timeouts: { requestMs: env.TIMEOUT_REQUEST_MS, headersMs: env.TIMEOUT_HEADERS_MS, keepAliveMs: env.TIMEOUT_KEEP_ALIVE_MS },
    rateLimits: { enabled: env.RATE_LIMITS, redisUrl: env.REDIS_URL },
    revocation: { redisUrl: env.REDIS_URL, resyncMs: env.REVOCATION_RESYNC_MS },
    events: { redisUrl: env.REDIS_URL },
    jwt: {
      algorithm: env.JWT_ALG,
      issuer,
      audience: env.JWT_AUDIENCE,
      clientId: env.JWT_CLIENT_ID,
      accessTokenTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTokenTtlSeconds: env.JWT_REFRESH_TTL_SECONDS,
      clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_SECONDS,
      maxTokenLifetimeSeconds: env.JWT_ACCESS_TTL_SECONDS + env.JWT_CLOCK_TOLERANCE_SECONDS,
      verifiedCacheSize: env.JWT_VERIFIED_CACHE_SIZE,
      signingKey: env.JWT_SIGNING_KEY,
      verifyKeys: env.JWT_VERIFY_KEYS,
      secret: env.JWT_SECRET,
      keysFile: env.JWT_KEYS_FILE ? path.resolve(env.JWT_KEYS_FILE) : undefined,
      keysReloadMs: env.JWT_KEYS_RELOAD_MS,
    },
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    dpop: {
      mode: env.DPOP,
      nonces: env.DPOP_NONCES ? { secret: env.DPOP_NONCE_SECRET ? Buffer.from(env.DPOP_NONCE_SECRET) : randomBytes(32) } : undefined,
      proofMaxAgeSeconds: env.DPOP_PROOF_MAX_AGE_SECONDS,
      redisUrl: env.REDIS_URL,
    },
    trustedIssuers,
    maxAcceptedTokenLifetimeSeconds: Math.max(
      env.JWT_ACCESS_TTL_SECONDS,
      ...trustedIssuers.map((trusted) => trusted.maxTokenAgeSeconds),
    ) + env.JWT_CLOCK_TOLERANCE_SECONDS,
  };
}
