import { performance } from "node:perf_hooks";
import { UserModel } from "../../src/users/user.model.js";
import { expectNothingReturned, graphql, SIGN_IN, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 25: unknown email vs wrong password (vs disabled account) → identical message, code and
// status; timing differs only by noise (a dummy hash runs for unknown emails).
export default function signInFailuresAreIndistinguishable(): void {
  let server: TestServer;
  let disabled: { email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer();
    const account = await signUp(server.url);
    await UserModel.updateOne({ email: account.email }, { $set: { disabled: true } });
    disabled = { email: account.email, password: account.password };
  });
  afterAll(() => server.stop());

  const attempts = {
    unknownEmail: () => ({ email: "nobody-here@tessera.dev", password: "tessera-demo" }),
    wrongPassword: () => ({ email: "user@tessera.dev", password: "not-the-demo-password" }),
    disabledAccount: () => disabled,
  };
  type Attempt = keyof typeof attempts;

  async function attempt(kind: Attempt) {
    const started = performance.now();
    const response = await graphql(server.url, SIGN_IN, attempts[kind]());
    return { ms: performance.now() - started, status: response.status, body: response.body };
  }

  function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  /** 10 timed sign-ins of each kind, interleaved so that load changes hit every kind alike. */
  async function medians(kinds: Attempt[]): Promise<Record<Attempt, number>> {
    for (const kind of kinds) await attempt(kind); // warm-up: the dummy hash is computed on first use
    const times: Record<Attempt, number[]> = { unknownEmail: [], wrongPassword: [], disabledAccount: [] };
    for (let round = 0; round < 15; round++) {
      for (const kind of kinds) times[kind].push((await attempt(kind)).ms);
    }
    return { unknownEmail: median(times.unknownEmail), wrongPassword: median(times.wrongPassword), disabledAccount: median(times.disabledAccount) };
  }

  it("25: fails a wrong password with INVALID_CREDENTIALS", async () => {
    const { body } = await attempt("wrongPassword");
    expectNothingReturned(body.data);
    expect(body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("25: answers an unknown email exactly as a wrong password: same status, message, code and body", async () => {
    const [unknown, wrong] = [await attempt("unknownEmail"), await attempt("wrongPassword")];
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: wrong.status, body: wrong.body });
  });

  it("25: answers a disabled account (right password) exactly as a wrong password", async () => {
    const [off, wrong] = [await attempt("disabledAccount"), await attempt("wrongPassword")];
    expect({ status: off.status, body: off.body }).toEqual({ status: wrong.status, body: wrong.body });
  });

  it("25: takes as long for an unknown email as for a wrong password (the dummy hash runs)", async () => {
    const m = await medians(["unknownEmail", "wrongPassword"]);
    // Without the dummy hash an unknown email answers roughly 10 times faster; the bounds leave room for a busy machine.
    expect(m.unknownEmail / m.wrongPassword).toBeGreaterThanOrEqual(0.4);
    expect(m.unknownEmail / m.wrongPassword).toBeLessThanOrEqual(2.5);
  }, 60_000);

  it("25: takes as long for a disabled account as for a wrong password (its password is verified too)", async () => {
    const m = await medians(["disabledAccount", "wrongPassword"]);
    expect(m.disabledAccount / m.wrongPassword).toBeGreaterThanOrEqual(0.4);
    expect(m.disabledAccount / m.wrongPassword).toBeLessThanOrEqual(2.5);
  }, 60_000);
}
