import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { SWEEP_STEP, sweepExpired } from "../../src/db/expiry-sweeper.js";
import { RefreshTokenModel } from "../../src/sessions/refresh-token.model.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function expirySweeper(): void {
  // Where the server has no TTL index (the embedded FerretDB), Tessera deletes expired documents itself, oldest
  // first and at most a step at a time (issue 20: bounded work however many have expired; SWEEP_STEP in production,
  // smaller here so that a few thousand documents take several steps).
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const tokens = (family: string, expiries: Date[]) =>
    expiries.map((expiresAt) => {
      const hash = randomBytes(32).toString("hex");
      return { _id: hash, familyId: family, userId: new mongoose.Types.ObjectId(), parentHash: `${family}:${hash}`, expiresAt };
    });
  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
  const left = async (family: string) => (await RefreshTokenModel.find({ familyId: family }).select({ _id: 1 }).lean()).map(({ _id }) => _id).sort();

  it(`deletes every expired document over several steps, and nothing live (SWEEP_STEP is ${SWEEP_STEP.toLocaleString("en")})`, async () => {
    const expired = tokens("steps", Array.from({ length: 1_300 }, (_, i) => secondsAgo(10 + i)));
    const live = tokens("steps", Array.from({ length: 5 }, (_, i) => secondsAgo(-3_600 - i)));
    await RefreshTokenModel.insertMany([...expired, ...live], { lean: true });

    expect(await sweepExpired({ model: RefreshTokenModel, field: "expiresAt" }, new Date(), 500)).toBe(expired.length);
    expect(await left("steps")).toEqual(live.map(({ _id }) => _id).sort());
  });

  it("gets past a step whose documents all expired at the same instant", async () => {
    const instant = secondsAgo(60);
    const expired = tokens("ties", [...Array(700).fill(instant), ...Array.from({ length: 100 }, (_, i) => secondsAgo(i + 1))]);
    await RefreshTokenModel.insertMany(expired, { lean: true });

    expect(await sweepExpired({ model: RefreshTokenModel, field: "expiresAt" }, new Date(), 500)).toBe(expired.length);
    expect(await left("ties")).toEqual([]);
  });
}
