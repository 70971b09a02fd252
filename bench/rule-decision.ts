import { viewerFromClaims, type Viewer } from "../src/tokens/claims.js";
import { Role } from "../src/tokens/role.js";
import { decide, type FieldRule } from "../src/authorization/rules.js";

/** Micro-benchmark: the cost of one rule decision, for each kind of rule. `npm run bench:rules`. */
const now = Math.floor(Date.now() / 1000);
const scope = "profile posts:read posts:write";
const viewer: Viewer = viewerFromClaims({ iss: "i", sub: "u1", aud: "a", iat: now, exp: now + 900, jti: "j", client_id: "c", roles: [Role.USER], scope, plan: "free" });
const post = { authorId: "u1" };
const rules: Array<[string, FieldRule]> = [
  ["signed in", {}],
  ["role (denied)", { roles: [Role.EDITOR] }],
  ["scope", { scopes: ["posts:write"] }],
  ["owner or role", { owner: "authorId", roles: [Role.EDITOR] }],
  ["named rule", { rule: "proPlan" }],
];

const ITERATIONS = 2_000_000;
let sink = 0;
for (const [name, rule] of rules) {
  for (let i = 0; i < ITERATIONS / 10; i++) sink += decide(viewer, rule, post).allowed ? 1 : 0; // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) sink += decide(viewer, rule, post).allowed ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - start) / ITERATIONS;
  console.log(`${name.padEnd(16)} ${ns.toFixed(1)} ns per decision`);
}
if (sink < 0) console.log(sink);
