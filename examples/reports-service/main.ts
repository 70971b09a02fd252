import { startReportsService } from "./server.js";

// The reports service's own entry point: `node dist/examples/reports-service/main.js` (see README.md).
const env = process.env;
const tessera = env.TESSERA_URL ?? "http://localhost:4000";

const algorithm = env.JWT_ALG ?? "ES256";
if (algorithm !== "ES256" && algorithm !== "EdDSA") {
  console.error(`reports-service: JWT_ALG must be ES256 or EdDSA (an HS256 secret is never published in a JWKS)`);
  process.exit(1);
}

const service = await startReportsService({
  jwksUrl: env.TESSERA_JWKS_URL ?? `${tessera}/.well-known/jwks.json`,
  // Tessera's default issuer is its own origin on port 4000; in production both sides set JWT_ISSUER.
  issuer: env.JWT_ISSUER ?? tessera,
  audience: env.JWT_AUDIENCE ?? "tessera",
  algorithm,
  host: env.HOST ?? "127.0.0.1",
  port: Number(env.PORT ?? 4100),
});
console.log(`reports service at ${service.origin}/reports/summary, keys from ${env.TESSERA_JWKS_URL ?? `${tessera}/.well-known/jwks.json`}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
