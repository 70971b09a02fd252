import { decodeJwt } from "jose";
import WebSocket from "ws";
import { graphql, seenSecrets, signIn, SIGN_IN } from "../helpers/graphql.js";
import { dpopKey } from "../helpers/dpop.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { socketUrl } from "../helpers/subscriptions.js";
import { draft, POST_PUBLISHED, publish } from "./publishing.js";

// Issue 19: a fresh access token handed to an open graphql-ws connection, in a ping's payload, replaces the
// connection's viewer and expiry without closing it or its subscriptions.

interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/** The graphql-transport-ws protocol by hand, to send pings with a payload, as @tessera/client does. */
async function openSocket(url: string, connectionParams: Record<string, unknown>) {
  const socket = new WebSocket(socketUrl(url), "graphql-transport-ws");
  const messages: Message[] = [];
  const waiting: Array<(message: Message) => void> = [];
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as Message;
    const next = waiting.shift();
    if (next) next(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  const next = (): Promise<Message> => (messages.length > 0 ? Promise.resolve(messages.shift()!) : new Promise((resolve) => waiting.push(resolve)));
  await new Promise((resolve) => socket.once("open", resolve));
  const send = (message: Message) => socket.send(JSON.stringify(message));
  send({ type: "connection_init", payload: connectionParams });
  expect((await next()).type).toBe("connection_ack");
  return { socket, next, send, closed };
}

export default function freshToken(): void {
  let server: TestServer;
  beforeAll(async () => {
    // Short-lived tokens: the first token's expiry would close the connection within the test if it were not swapped.
    server = await startTestServer({ JWT_ACCESS_TTL_SECONDS: "6" });
  });
  afterAll(() => server.stop());

  it("swaps a Bearer connection's token in place: subscriptions go on past the first token's exp", async () => {
    const first = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const connection = await openSocket(server.url, { authorization: `Bearer ${first.accessToken}` });
    try {
      connection.send({ id: "1", type: "subscribe", payload: { query: POST_PUBLISHED } });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const fresh = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      connection.send({ type: "ping", payload: { authorization: `Bearer ${fresh.accessToken}` } });
      const pong = await connection.next();
      // The answer carries the new expiry, never the token back.
      expect(pong).toEqual({ type: "pong", payload: { expiresAt: expect.any(String) } });
      // Past the first token's exp (and before the fresh one's), the connection is open and its subscription delivers.
      await new Promise((resolve) => setTimeout(resolve, decodeJwt(first.accessToken).exp! * 1000 + 300 - Date.now()));
      const editor = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
      const post = await draft(server.url, editor);
      await publish(server.url, editor, post.id);
      expect(await connection.next()).toMatchObject({ type: "next", id: "1", payload: { data: { postPublished: { id: post.id } } } });
    } finally {
      connection.socket.close();
    }
  });

  it("closes with 4403 when the fresh token names someone else", async () => {
    const user = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const connection = await openSocket(server.url, { authorization: `Bearer ${user.accessToken}` });
    const admin = await signIn(server.url, "admin@tessera.dev", "tessera-demo");
    connection.send({ type: "ping", payload: { authorization: `Bearer ${admin.accessToken}` } });
    expect(await connection.closed).toEqual({ code: 4403, reason: "Forbidden" });
  });

  it("closes with 4401 when the fresh token is refused", async () => {
    const user = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const connection = await openSocket(server.url, { authorization: `Bearer ${user.accessToken}` });
    connection.send({ type: "ping", payload: { authorization: `Bearer ${user.accessToken}x` } });
    expect(await connection.closed).toEqual({ code: 4401, reason: "TOKEN_INVALID" });
  });

  it("swaps a DPoP connection's token with a proof for the endpoint, and refuses one without", async () => {
    const key = await dpopKey();
    const signInBound = async () => {
      const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" }, {
        headers: { dpop: await key.proof({ htm: "POST", htu: server.url }) },
      });
      return response.body.data!.signIn.accessToken as string;
    };
    const proofFor = (token: string) => key.proof({ htm: "GET", htu: server.url, accessToken: token });
    const first = await signInBound();
    const connection = await openSocket(server.url, { authorization: `DPoP ${first}`, dpop: await proofFor(first) });
    const fresh = await signInBound();
    seenSecrets.add(fresh);
    connection.send({ type: "ping", payload: { authorization: `DPoP ${fresh}`, dpop: await proofFor(fresh) } });
    expect(await connection.next()).toEqual({ type: "pong", payload: { expiresAt: expect.any(String) } });
    connection.send({ type: "ping", payload: { authorization: `DPoP ${fresh}` } });
    expect(await connection.closed).toEqual({ code: 4401, reason: "DPOP_PROOF_INVALID" });
  });

  it("answers an ordinary ping as before", async () => {
    const connection = await openSocket(server.url, {});
    connection.send({ type: "ping" });
    expect(await connection.next()).toEqual({ type: "pong" });
    connection.socket.close();
  });
}
