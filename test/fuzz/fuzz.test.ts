import fc from "fast-check";
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { graphql, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Property-based fuzzing of a live Tessera (in this process, real HTTP, real database) with
// fast-check: mutated and random Authorization headers, random and structured GraphQL documents,
// and random variables for real operations. For every case:
//   - no 5xx, except a deliberate 503 SERVICE_UNAVAILABLE;
//   - the body is JSON with `data` or `errors`; no error carries a stack or is an unexpected
//     INTERNAL_SERVER_ERROR (random input is the client's fault, never a crash);
// and afterwards the server still answers /healthz and its memory stayed within bounds.
// Runs are sized so the file takes about half a minute on an idle two-core machine (longer when
// other work shares the cores); the number of cases run is printed once, at the end.

const RUNS = { headers: 400, text: 300, bodies: 150, structured: 600, signIn: 60, posts: 250, createPost: 150 };
/**
 * Loose, since global.gc is not available: RSS also holds garbage not yet collected. The live heap here
 * is ~170 MB and V8 lets it grow well past that before a full collection, so garbage alone moved RSS
 * by +55 to +150 MB over a run (more on a loaded machine), while the heap left after a forced
 * collection (measured once with --expose-gc) grew by ~11 MB. A leak of ~160 KB a case still trips it.
 */
const RSS_GROWTH_LIMIT_BYTES = 300 * 1024 * 1024;
const VIEWER_QUERY = "{ viewer { id roles } }";

let server: TestServer;
let schema: GraphQLSchema;
let userToken: string;
let userId: string;
let adminToken: string;
/** Ids and cursors that exist, so generated arguments sometimes hit real data; never the ids of the accounts that fuzz. */
const pool = { ids: [] as string[], cursors: [] as string[] };
let casesRun = 0;
let rssBefore: number;

beforeAll(async () => {
  server = await startTestServer();
  const user = await signIn(server.url, "user@tessera.dev", "tessera-demo");
  [userToken, userId] = [user.accessToken, user.user.id];
  adminToken = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
  const editorToken = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
  const introspection = await graphql<IntrospectionQuery>(server.url, getIntrospectionQuery());
  schema = buildClientSchema(introspection.body.data!);
  for (const _ of [1, 2]) {
    const other = await signUp(server.url);
    pool.ids.push(other.user.id);
    for (const title of ["First", "Second", "Third"]) {
      const created = await graphql(server.url, "mutation($input: CreatePostInput!) { createPost(input: $input) { id } }", { input: { title, body: "Body" } }, { token: other.accessToken });
      pool.ids.push(created.body.data!.createPost.id);
    }
    // One published post each, so that anonymous readers see some too.
    await graphql(server.url, "mutation($id: ID!) { publishPost(id: $id) { id } }", { id: pool.ids.at(-1) }, { token: editorToken });
  }
  const page = await graphql(server.url, "{ posts(first: 2) { edges { cursor } } }");
  expect(page.body.data!.posts.edges).toHaveLength(2);
  pool.cursors.push(...page.body.data!.posts.edges.map((edge: { cursor: string }) => edge.cursor));
  // A few cases first: the one-time costs (lazily loaded modules and caches in fetch, fast-check, jest
  // and the server; about 90 MB when measured with --expose-gc, flat afterwards) are not growth.
  const warmUp = fc.asyncProperty(authorizationHeaders(userToken), async (authorization) => expectWellFormed(await send(toGraphqlBody(VIEWER_QUERY), { authorization })));
  await fc.assert(warmUp, { numRuns: 20 });
  rssBefore = process.memoryUsage().rss;
}, 60_000);

afterAll(async () => {
  console.log(`fuzz: ${casesRun} cases run against a live server; RSS ${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MB above the baseline`);
  await server.stop();
});

// ---------------------------------------------------------------------------------------------
// Sending and the properties every response must have

interface Outcome {
  status: number;
  body: { data?: any; errors?: Array<{ message: unknown; extensions?: Record<string, unknown> }> };
}

async function send(body: string, headers: Record<string, string> = {}): Promise<Outcome> {
  casesRun++;
  const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`status ${response.status}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body: parsed as Outcome["body"] };
}

function expectWellFormed({ status, body }: Outcome): void {
  const codes = (body.errors ?? []).map((error) => error.extensions?.code);
  if (status >= 500) expect({ status, codes }).toEqual({ status: 503, codes: ["SERVICE_UNAVAILABLE"] });
  expect(typeof body === "object" && body !== null && !Array.isArray(body) && ("data" in body || "errors" in body)).toBe(true);
  for (const error of body.errors ?? []) {
    expect(typeof error.message).toBe("string");
    expect(error.extensions).not.toHaveProperty("stacktrace");
  }
  expect(codes).not.toContain("INTERNAL_SERVER_ERROR");
}

const toGraphqlBody = (query: string, variables?: unknown) => JSON.stringify(variables === undefined ? { query } : { query, variables });
const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** What fetch will send as a header value: tab, visible ASCII and space, and Latin-1 bytes 0x80-0xFF. */
const asHeaderValue = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/gu, "");

// ---------------------------------------------------------------------------------------------
// 1. Authorization headers: mutations of a valid token, and random values

function mutatedTokens(token: string): fc.Arbitrary<string> {
  const segments = token.split(".");
  const tokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ~%".split("");
  const kid = (JSON.parse(Buffer.from(segments[0]!, "base64url").toString()) as { kid: string }).kid;
  return fc.oneof(
    // one to three characters flipped
    fc
      .array(fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...tokenChars)), { minLength: 1, maxLength: 3 })
      .map((flips) => {
        const chars = [...token];
        for (const [at, char] of flips) chars[at] = char;
        return chars.join("");
      }),
    // truncated
    fc.nat({ max: token.length }).map((length) => token.slice(0, length)),
    // segments dropped, repeated or swapped
    fc.array(fc.constantFrom(0, 1, 2), { maxLength: 5 }).map((order) => order.map((i) => segments[i]).join(".")),
    // random bytes spliced in, base64url-encoded or raw
    fc
      .tuple(fc.nat({ max: token.length }), fc.uint8Array({ maxLength: 64 }), fc.boolean())
      .map(([at, bytes, encode]) => token.slice(0, at) + Buffer.from(bytes).toString(encode ? "base64url" : "latin1") + token.slice(at)),
    // one segment replaced by random JSON
    fc.tuple(fc.constantFrom(0, 1, 2), fc.jsonValue({ maxDepth: 2 })).map(([at, value]) => segments.map((s, i) => (i === at ? b64url(JSON.stringify(value)) : s)).join(".")),
    // a plausible header with the real payload and signature
    fc
      .record(
        { alg: fc.constantFrom("ES256", "es256", "none", "HS256", "RS256", "EdDSA"), kid: fc.oneof(fc.constant(kid), fc.string()), typ: fc.constantFrom("at+jwt", "JWT", ""), b64: fc.boolean() },
        { requiredKeys: [] },
      )
      .map((header) => [b64url(JSON.stringify(header)), segments[1], segments[2]].join(".")),
  );
}

function authorizationHeaders(token: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: mutatedTokens(token).map((t) => `Bearer ${t}`) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("bearer", "BEARER", "Basic", "Token", "", "Bearer  ", "Bearer\t"), mutatedTokens(token)).map(([scheme, t]) => `${scheme} ${t}`) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString("latin1")) },
    )
    .map(asHeaderValue);
}

it("survives mutated and random Authorization headers: each is refused, or names the token's own user", async () => {
  await fc.assert(
    fc.asyncProperty(authorizationHeaders(userToken), async (authorization) => {
      const outcome = await send(toGraphqlBody(VIEWER_QUERY), { authorization });
      expectWellFormed(outcome);
      expect([200, 400, 401]).toContain(outcome.status);
      // A mutation may decode to the very same token (base64url's spare trailing bits): never to anyone else.
      if (outcome.status === 200) expect(outcome.body.data.viewer).toEqual({ id: userId, roles: ["USER"] });
    }),
    { numRuns: RUNS.headers },
  );
}, 60_000);

// ---------------------------------------------------------------------------------------------
// 2. Random GraphQL documents: random text, GraphQL-flavoured token soup, random JSON bodies

const graphqlSoup = fc
  .array(
    fc.constantFrom(
      "{", "}", "(", ")", ":", "...", "@include(if: true)", "@skip(if: $v)", "$v", "query", "mutation", "subscription",
      "fragment F on Post", "on", "posts", "post", "edges", "node", "id", "title", "author", "viewer", "users", "signIn",
      "first: 5", "first: -1", 'id: "x"', '"x"', '"""block"""', "1", "1.5e9", "!", "[", "]", "=", "#", "\n", " ", ",", "__typename", "__schema",
    ),
    { maxLength: 60 },
  )
  .map((tokens) => tokens.join(" "));

it("survives random GraphQL documents: random text and GraphQL-flavoured token soup", async () => {
  const documents = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 }), fc.string({ unit: "binary", maxLength: 100 }), graphqlSoup);
  await fc.assert(
    fc.asyncProperty(documents, fc.constantFrom(undefined, userToken), async (query, token) => {
      expectWellFormed(await send(toGraphqlBody(query), bearer(token)));
    }),
    { numRuns: RUNS.text },
  );
}, 60_000);

it("survives random request bodies: any JSON value, or text that is not JSON", async () => {
  const bodies = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? "null"), fc.string({ unit: "binary", maxLength: 100 }));
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      expectWellFormed(await send(body));
    }),
    { numRuns: RUNS.bodies },
  );
}, 60_000);

// ---------------------------------------------------------------------------------------------
// 3. Structured documents (the test runs last, below): nested selections over the real schema, read
//    from the server, with arguments of the right type, mostly, so that most documents execute; now
//    and then a wrong or missing argument, a misspelt field, a fragment on a type that does not
//    exist, or a stray directive.

const MAX_DEPTH = 5;

/** `arbitrary` once in `inN` draws, undefined otherwise. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, inN: number) =>
  fc.oneof({ weight: inN - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

function stringValues(): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...pool.ids, ...pool.cursors, "rt_nope", "user@tessera.dev", "tessera-demo"));
}

const wrongLiterals = fc.constantFrom("null", "0", "-1", '"text"', "true", "[]", "{}", "$undeclared", "NOT_AN_ENUM", '{ title: "t" }', "1e400");
/** Mostly the right literal, sometimes one of the wrong type. */
const maybeWrong = (right: fc.Arbitrary<string>) => fc.oneof({ weight: 20, arbitrary: right }, { weight: 1, arbitrary: wrongLiterals });

function literal(type: GraphQLInputType): fc.Arbitrary<string> {
  if (isNonNullType(type)) return literal(type.ofType as GraphQLInputType);
  if (isListType(type)) {
    const item = literal(type.ofType as GraphQLInputType);
    return fc.oneof(fc.array(item, { maxLength: 3 }).map((items) => `[${items.join(", ")}]`), item);
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const values = fields.map((field) => (isNonNullType(field.type) ? fc.option(maybeWrong(literal(field.type)), { freq: 20, nil: undefined }) : rarely(literal(field.type), 2)));
    return fc.tuple(...values).map((given) => `{ ${fields.flatMap((field, i) => (given[i] === undefined ? [] : [`${field.name}: ${given[i]}`])).join(", ")} }`);
  }
  switch (type.name) {
    case "Int":
      return fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constantFrom(2_147_483_647, 99_999_999)).map(String);
    case "Boolean":
      return fc.boolean().map(String);
    default:
      return stringValues().map((value) => JSON.stringify(value));
  }
}

function field(definition: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(definition.type);
  // Required arguments are nearly always given, optional ones half the time.
  const args = definition.args.map((arg) =>
    (isNonNullType(arg.type) ? fc.option(maybeWrong(literal(arg.type)), { freq: 20, nil: undefined }) : rarely(maybeWrong(literal(arg.type)), 2)).map((value) =>
      value === undefined ? "" : `${arg.name}: ${value}`,
    ),
  );
  return fc
    .tuple(
      // aliases unique enough never to clash, so the same field may appear twice with different arguments
      fc.option(fc.nat(999_999).map((n) => `alias_${n}`), { freq: 2, nil: undefined }),
      fc.tuple(...args),
      rarely(fc.constantFrom("@include(if: true)", "@include(if: false)", "@skip(if: false)", "@skip(if: true)"), 6),
      isObjectType(named) ? selectionSet(named, depth + 1) : fc.constant(""),
    )
    .map(([alias, argList, directive, selection]) => {
      const given = argList.filter(Boolean);
      return `${alias ? `${alias}: ` : ""}${definition.name}${given.length ? `(${given.join(", ")})` : ""}${directive ? ` ${directive}` : ""} ${selection}`;
    });
}

const selectionSets = new Map<string, fc.Arbitrary<string>>();
function selectionSet(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const key = `${type.name}@${depth}`;
  if (!selectionSets.has(key)) {
    // At the deepest level only leaf fields; a type with none there selects __typename.
    const fields = Object.values(type.getFields()).filter((f) => depth < MAX_DEPTH || isLeafType(getNamedType(f.type)));
    const chosen =
      fields.length === 0
        ? fc.constant(["__typename"])
        : fc.subarray(fields, { minLength: 1, maxLength: Math.min(fields.length, Math.max(1, 4 - depth)) }).chain((picked) => fc.tuple(...picked.map((f) => field(f, depth))));
    const odd = rarely(
      fc.constantFrom("postz", "nope { id }", "... on Nope { id }", `... on ${type.name} { __typename }`, "__typename @deprecated", "__typename @include(if: $undeclared)"),
      30,
    );
    selectionSets.set(key, fc.tuple(chosen, odd).map(([selections, extra]) => `{ ${[...selections, ...(extra ? [extra] : [])].join(" ")} }`));
  }
  return selectionSets.get(key)!;
}


// ---------------------------------------------------------------------------------------------
// 4. Random variables for real operations

const mongoOperators = fc.constantFrom<unknown>({ $ne: null }, { $gt: "" }, { $regex: ".*" }, { $where: "return true" }, { $in: ["user@tessera.dev"] }, { $nor: [{ a: 1 }] });
/** Mostly a value of the right type; sometimes any JSON, a Mongo operator, or missing. */
const loosely = (right: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 16, arbitrary: right }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: mongoOperators }, { weight: 1, arbitrary: fc.constant(undefined) });
/** Variables: an object almost always, but sometimes any JSON value at all. */
const asVariables = (record: fc.Arbitrary<Record<string, unknown>>) => fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });

it("survives random variables for signIn", async () => {
  const query = "mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken user { id } } }";
  const variables = asVariables(
    fc.record({
      email: loosely(fc.oneof(fc.constant("user@tessera.dev"), fc.emailAddress(), fc.string({ maxLength: 300 }))),
      password: loosely(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 129, maxLength: 2000 }))),
    }),
  );
  await fc.assert(
    fc.asyncProperty(variables, async (vars) => {
      expectWellFormed(await send(toGraphqlBody(query, vars)));
    }),
    { numRuns: RUNS.signIn },
  );
}, 60_000);

it("survives random variables for posts", async () => {
  const query = `query Posts($first: Int, $after: String, $authorId: ID, $status: PostStatus) {
    posts(first: $first, after: $after, authorId: $authorId, status: $status) {
      edges { cursor node { id title status author { id displayName } } } pageInfo { hasNextPage endCursor }
    }
  }`;
  const variables = asVariables(
    fc.record({
      first: loosely(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 110 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 1.5) })),
      after: loosely(fc.oneof(fc.constantFrom(...pool.cursors), fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 40 }), fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => b64url(`c1:${Buffer.from(bytes).toString("hex")}`)))),
      authorId: loosely(fc.oneof(fc.constantFrom(...pool.ids, userId), fc.string({ maxLength: 30 }))),
      status: loosely(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("DRAFT", "PUBLISHED") }, { weight: 1, arbitrary: fc.constantFrom("published", "ARCHIVED") })),
    }),
  );
  await fc.assert(
    fc.asyncProperty(variables, fc.constantFrom(undefined, userToken), async (vars, token) => {
      expectWellFormed(await send(toGraphqlBody(query, vars), bearer(token)));
    }),
    { numRuns: RUNS.posts },
  );
}, 60_000);

it("survives random variables for createPost", async () => {
  const query = "mutation Create($input: CreatePostInput!) { createPost(input: $input) { id title body status author { id } } }";
  const variables = asVariables(
    fc.record({
      input: loosely(
        fc.record(
          {
            title: loosely(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ minLength: 190, maxLength: 260 }))),
            body: loosely(fc.string({ maxLength: 200 })),
            unknownField: rarely(fc.jsonValue({ maxDepth: 1 }), 10),
          },
          { requiredKeys: ["title", "body"] },
        ),
      ),
    }),
  );
  await fc.assert(
    fc.asyncProperty(variables, async (vars) => {
      expectWellFormed(await send(toGraphqlBody(query, vars), bearer(userToken)));
    }),
    { numRuns: RUNS.createPost },
  );
}, 60_000);

// Last of the fuzzing, since its mutations may change the fuzzing accounts (a lucky changePassword
// revokes the user's token), which the variable fuzzing above relies on to reach its resolvers.
it("survives structured documents: nested selections over real fields, with real and wrong arguments", async () => {
  const operations = fc.oneof(
    selectionSet(schema.getQueryType()!, 0).map((selection) => `query ${selection}`),
    selectionSet(schema.getMutationType()!, 0).map((selection) => `mutation ${selection}`),
  );
  await fc.assert(
    fc.asyncProperty(operations, fc.constantFrom(undefined, userToken, adminToken), async (query, token) => {
      expectWellFormed(await send(toGraphqlBody(query), bearer(token)));
    }),
    { numRuns: RUNS.structured },
  );
}, 60_000);

// ---------------------------------------------------------------------------------------------
// After all of the above

it("is still up afterwards: /healthz and /readyz answer 200, and a plain query works", async () => {
  expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  expect((await graphql(server.url, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
});

it(`kept its memory: RSS grew by less than ${RSS_GROWTH_LIMIT_BYTES / 1024 / 1024} MB over the run`, () => {
  const growth = process.memoryUsage().rss - rssBefore;
  expect(casesRun).toBeGreaterThan(1000);
  expect(growth).toBeLessThan(RSS_GROWTH_LIMIT_BYTES);
});
