import { ConfigError, loadConfig } from "../../src/config.js";

// Access tokens live 30 s to an hour. Only NODE_ENV=test may go lower, so that a test can wait out a real
// expiry in seconds rather than half a minute; the server still reads the wall clock.

it.each(["development", "production"])("refuses JWT_ACCESS_TTL_SECONDS under 30 with NODE_ENV=%s", (env) => {
  expect(() => loadConfig({ NODE_ENV: env, JWT_ACCESS_TTL_SECONDS: "29" })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: env, JWT_ACCESS_TTL_SECONDS: "29" })).toThrow(/JWT_ACCESS_TTL_SECONDS must be 30 to 3600/);
});

it("accepts a lifetime of a few seconds with NODE_ENV=test", () => {
  expect(loadConfig({ NODE_ENV: "test", JWT_ACCESS_TTL_SECONDS: "3" }).jwt.accessTokenTtlSeconds).toBe(3);
});

it.each(["0", "3601"])("refuses JWT_ACCESS_TTL_SECONDS=%s in every mode", (ttl) => {
  expect(() => loadConfig({ NODE_ENV: "test", JWT_ACCESS_TTL_SECONDS: ttl })).toThrow(ConfigError);
});
