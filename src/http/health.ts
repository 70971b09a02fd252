import type { FastifyInstance } from "fastify";

/** /healthz: the process answers. /readyz: it can reach the database (load balancers stop routing on 503). */
export function registerHealthRoutes(app: FastifyInstance, isDatabaseReachable: () => Promise<boolean>): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const ready = await isDatabaseReachable();
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "unavailable", database: ready ? "up" : "down" });
  });
}
