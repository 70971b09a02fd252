import { decodeJwt } from "jose";
import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { AUTH_MANIFEST_FILE, effectiveRules, fieldOf, ruleOf, type EffectiveRule } from "../../src/authorization/auth-manifest.js";
import { viewerFromClaims, type Claims, type Viewer } from "../../src/tokens/claims.js";
import { authDirectivesOf } from "../../src/authorization/directive.js";
import { decide, PUBLIC } from "../../src/authorization/rules.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { graphql, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";

// The role matrix: every viewer against every guarded field and mutation, through the real server.
// Each row names one viewer, one operation and the one outcome the built schema's rule promises: the expected
// outcome is derived from that rule (judged, as the server does, against the claims of the viewer's real token),
// then from what the resolver adds (drafts are invisible to whoever may not see them). Change a rule and the rows
// follow; add a guarded field without an operation here and the first test fails.

type ViewerKey = "anonymous" | "owner" | "other" | "editor" | "admin" | "noScope";

const VIEWER_LABELS: Record<ViewerKey, string> = {
  anonymous: "anonymous",
  owner: "USER (owner)",
  other: "USER (non-owner)",
  editor: "EDITOR",
  admin: "ADMIN",
  noScope: "USER (owner) without posts:write",
};

interface Actor {
  /** Absent for anonymous. */
  token?: string;
  /** The account the token's `sub` names. */
  id?: string;
}

type DeniedCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";
type Outcome =
  /** Data present, no error. */
  | { kind: "allowed" }
  /** That field null, one error with this code at the operation's path. */
  | { kind: "denied"; code: DeniedCode }
  /** Lists: no error, and the protected item is simply not listed. */
  | { kind: "hidden" }
  /** The rule let the viewer through to the resolver, which then refused the input (wrong current password). */
  | { kind: "reachedResolver"; code: "INVALID_CREDENTIALS" };

const ALLOWED: Outcome = { kind: "allowed" };
const UNAUTHENTICATED: Outcome = { kind: "denied", code: "UNAUTHENTICATED" };
const FORBIDDEN: Outcome = { kind: "denied", code: "FORBIDDEN" };
const NOT_FOUND: Outcome = { kind: "denied", code: "NOT_FOUND" };
const HIDDEN: Outcome = { kind: "hidden" };
const INVALID_CREDENTIALS: Outcome = { kind: "reachedResolver", code: "INVALID_CREDENTIALS" };

/** One prepared request for one row: its own fresh data where the operation changes data. */
interface Prepared {
  query: string;
  variables: Record<string, unknown>;
  /** Values only an allowed viewer may see: none may appear anywhere in a denied or hidden response. */
  secrets: string[];
  /** What an allowed viewer gets, in the response and in the database. */
  expectAllowed(data: any): Promise<void> | void;
  /** After a denial (or a refusal by the resolver): nothing changed in the database. */
  expectUnchanged?(): Promise<void>;
}

interface Operation {
  /** "EDITOR may <may>" */
  may: string;
  /** "USER (non-owner) is FORBIDDEN <denied>" */
  denied: string;
  /** Where the error points, and which field is null when denied. */
  path: Array<string | number>;
  /** The field whose rule this operation exercises: every guarded field in the built schema needs one. */
  coordinate: string;
  /** The viewers it is tried as: all of them unless said otherwise. */
  viewers?: ViewerKey[];
  /** Whose id the judged object's owner field holds, for owner rules: the owner's unless said otherwise. */
  ownerId?(viewer: ViewerKey): string | undefined;
  /** A draft: the viewers who may see it. The others get `invisible`, even where the rule lets them through. */
  visibleTo?: ViewerKey[];
  invisible?: Outcome;
  /** What an allowed viewer gets, when the resolver adds something of its own. */
  whenAllowed?: Outcome;
  prepare(viewer: ViewerKey): Promise<Prepared>;
}

/** The author of a draft sees it (with either token), and so does every EDITOR (ADMIN includes EDITOR). */
const SEE_DRAFTS: ViewerKey[] = ["owner", "noScope", "editor", "admin"];

let server: TestServer;
const actors = {} as Record<ViewerKey, Actor>;
let ownerEmail: string;
let otherEmail: string;

let sequence = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${sequence++}`;

/** A post by the owner, straight into the database. */
async function freshPost(status: PostStatus, extra: { reviewNotes?: string } = {}) {
  const title = unique("title");
  const body = unique("body");
  const post = await PostModel.create({ title, body, status, authorId: actors.owner.id, ...extra });
  return { id: post._id.toString(), title, body };
}

async function passwordHashOf(id: string): Promise<string> {
  const user = await UserModel.findById(id).select("+passwordHash").lean();
  return user!.passwordHash!;
}

const storedPost = (id: string) => PostModel.findById(id).lean();

/** A fresh account for the admin mutations to act on. */
async function freshTarget() {
  const email = `${unique("target")}@example.com`;
  const target = await UserModel.create({ email, displayName: "Target", passwordHash: "x" });
  return { id: target._id.toString(), email };
}

const storedUser = (id: string) => UserModel.findById(id).lean();

/** updatePost or deletePost on a fresh post of the given status: the two differ only in what the rule sees. */
/** A draft is invisible to a viewer who may not see it: its loader finds nothing, before the owner is judged. */
const draftVisibility = (status: PostStatus): Pick<Operation, "visibleTo" | "invisible"> =>
  status === PostStatus.DRAFT ? { visibleTo: SEE_DRAFTS, invisible: NOT_FOUND } : {};

function updatePostOn(status: PostStatus): Operation {
  const what = `updatePost on ${status === PostStatus.DRAFT ? "a draft" : "a published post"}`;
  return {
    coordinate: "Mutation.updatePost",
    ...draftVisibility(status),
    may: what,
    denied: what,
    path: ["updatePost"],
    async prepare() {
      const post = await freshPost(status);
      const title = unique("edited");
      return {
        query: "mutation ($id: ID!, $input: UpdatePostInput!) { updatePost(id: $id, input: $input) { id title } }",
        variables: { id: post.id, input: { title } },
        secrets: [post.title, post.body, title],
        async expectAllowed(data) {
          expect(data.updatePost).toEqual({ id: post.id, title });
          expect((await storedPost(post.id))?.title).toBe(title);
        },
        async expectUnchanged() {
          expect((await storedPost(post.id))?.title).toBe(post.title);
        },
      };
    },
  };
}

function deletePostOn(status: PostStatus): Operation {
  const what = `deletePost on ${status === PostStatus.DRAFT ? "a draft" : "a published post"}`;
  return {
    coordinate: "Mutation.deletePost",
    ...draftVisibility(status),
    may: what,
    denied: what,
    path: ["deletePost"],
    async prepare() {
      const post = await freshPost(status);
      return {
        query: "mutation ($id: ID!) { deletePost(id: $id) }",
        variables: { id: post.id },
        secrets: [post.title, post.body],
        async expectAllowed(data) {
          expect(data.deletePost).toBe(true);
          expect(await storedPost(post.id)).toBeNull();
        },
        async expectUnchanged() {
          expect((await storedPost(post.id))?.title).toBe(post.title);
        },
      };
    },
  };
}

const OPERATIONS = {
  me: {
    coordinate: "Query.me",
    may: "read Query.me",
    denied: "reading Query.me",
    path: ["me"],
    async prepare(viewer) {
      return {
        query: "{ me { id } }",
        variables: {},
        secrets: [],
        expectAllowed: (data) => expect(data.me).toEqual({ id: actors[viewer].id }),
      };
    },
  },
  users: {
    coordinate: "Query.users",
    may: "read Query.users",
    denied: "reading Query.users",
    path: ["users"],
    async prepare() {
      return {
        query: "{ users(first: 100) { edges { node { id email } } } }",
        variables: {},
        secrets: [ownerEmail, otherEmail, "admin@tessera.dev", "editor@tessera.dev"],
        expectAllowed: (data) => {
          const emails = data.users.edges.map((edge: any) => edge.node.email);
          expect(emails).toEqual(expect.arrayContaining([ownerEmail, otherEmail, "admin@tessera.dev", "editor@tessera.dev"]));
        },
      };
    },
  },
  userEmail: {
    coordinate: "User.email",
    may: "read User.email of the owner",
    denied: "reading User.email of the owner",
    path: ["user", "email"],
    async prepare() {
      return {
        query: "query ($id: ID!) { user(id: $id) { id email } }",
        variables: { id: actors.owner.id },
        secrets: [ownerEmail],
        expectAllowed: (data) => expect(data.user).toEqual({ id: actors.owner.id, email: ownerEmail }),
      };
    },
  },
  userRoles: {
    coordinate: "User.roles",
    may: "read User.roles of the owner",
    denied: "reading User.roles of the owner",
    path: ["user", "roles"],
    async prepare() {
      return {
        query: "query ($id: ID!) { user(id: $id) { id roles } }",
        variables: { id: actors.owner.id },
        // The value itself, as JSON writes it: nowhere else in these responses does "USER" appear quoted.
        secrets: ['"USER"'],
        expectAllowed: (data) => expect(data.user).toEqual({ id: actors.owner.id, roles: ["USER"] }),
      };
    },
  },
  reviewNotes: {
    coordinate: "Post.reviewNotes",
    may: "read Post.reviewNotes",
    denied: "reading Post.reviewNotes",
    path: ["post", "reviewNotes"],
    async prepare() {
      const notes = unique("review-notes");
      const post = await freshPost(PostStatus.PUBLISHED, { reviewNotes: notes });
      return {
        query: "query ($id: ID!) { post(id: $id) { id title reviewNotes } }",
        variables: { id: post.id },
        secrets: [notes],
        expectAllowed: (data) => expect(data.post).toEqual({ id: post.id, title: post.title, reviewNotes: notes }),
      };
    },
  },
  draftById: {
    visibleTo: SEE_DRAFTS,
    invisible: NOT_FOUND,
    coordinate: "Query.post",
    may: "read a draft via post(id:)",
    denied: "reading a draft via post(id:)",
    path: ["post"],
    async prepare() {
      const post = await freshPost(PostStatus.DRAFT);
      return {
        query: "query ($id: ID!) { post(id: $id) { id title body status } }",
        variables: { id: post.id },
        secrets: [post.title, post.body],
        expectAllowed: (data) => expect(data.post).toEqual({ id: post.id, title: post.title, body: post.body, status: "DRAFT" }),
      };
    },
  },
  draftInPosts: {
    visibleTo: SEE_DRAFTS,
    invisible: HIDDEN,
    coordinate: "Query.posts",
    may: "list a draft via posts(status: DRAFT)",
    denied: "a draft in posts(status: DRAFT)",
    path: ["posts"],
    async prepare() {
      const post = await freshPost(PostStatus.DRAFT);
      return {
        query: "{ posts(status: DRAFT, first: 100) { edges { node { id title } } } }",
        variables: {},
        secrets: [post.id, post.title],
        expectAllowed: (data) => expect(data.posts.edges.map((edge: any) => edge.node)).toContainEqual({ id: post.id, title: post.title }),
      };
    },
  },
  draftInUserPosts: {
    visibleTo: SEE_DRAFTS,
    invisible: HIDDEN,
    coordinate: "User.posts",
    may: "list a draft via User.posts",
    denied: "a draft in User.posts",
    path: ["user", "posts"],
    async prepare() {
      const post = await freshPost(PostStatus.DRAFT);
      return {
        query: "query ($id: ID!) { user(id: $id) { id posts(first: 100) { edges { node { id title } } } } }",
        variables: { id: actors.owner.id },
        secrets: [post.id, post.title],
        expectAllowed: (data) => expect(data.user.posts.edges.map((edge: any) => edge.node)).toContainEqual({ id: post.id, title: post.title }),
      };
    },
  },
  createPost: {
    coordinate: "Mutation.createPost",
    may: "createPost",
    denied: "createPost",
    path: ["createPost"],
    async prepare(viewer) {
      const title = unique("created");
      return {
        query: "mutation ($input: CreatePostInput!) { createPost(input: $input) { id title status author { id } } }",
        variables: { input: { title, body: "some body" } },
        secrets: [],
        async expectAllowed(data) {
          expect(data.createPost).toEqual({ id: expect.any(String), title, status: "DRAFT", author: { id: actors[viewer].id } });
          const stored = await storedPost(data.createPost.id);
          expect(stored?.authorId.toString()).toBe(actors[viewer].id);
        },
        async expectUnchanged() {
          expect(await PostModel.countDocuments({ title })).toBe(0);
        },
      };
    },
  },
  updatePublished: updatePostOn(PostStatus.PUBLISHED),
  updateDraft: updatePostOn(PostStatus.DRAFT),
  publishPost: {
    coordinate: "Mutation.publishPost",
    may: "publishPost on a draft",
    denied: "publishPost on a draft",
    path: ["publishPost"],
    async prepare() {
      const post = await freshPost(PostStatus.DRAFT);
      const notes = unique("notes");
      return {
        query: "mutation ($id: ID!, $notes: String) { publishPost(id: $id, reviewNotes: $notes) { id status reviewNotes } }",
        variables: { id: post.id, notes },
        secrets: [post.title, post.body, notes],
        async expectAllowed(data) {
          expect(data.publishPost).toEqual({ id: post.id, status: "PUBLISHED", reviewNotes: notes });
          expect(await storedPost(post.id)).toMatchObject({ status: "PUBLISHED", reviewNotes: notes });
        },
        async expectUnchanged() {
          expect(await storedPost(post.id)).toMatchObject({ status: "DRAFT", reviewNotes: null, publishedAt: null });
        },
      };
    },
  },
  deletePublished: deletePostOn(PostStatus.PUBLISHED),
  deleteDraft: deletePostOn(PostStatus.DRAFT),
  setUserRoles: {
    coordinate: "Mutation.setUserRoles",
    may: "setUserRoles on another user",
    denied: "setUserRoles on another user",
    path: ["setUserRoles"],
    async prepare() {
      const email = `${unique("target")}@example.com`;
      const target = await UserModel.create({ email, displayName: "Target", passwordHash: "x" });
      const id = target._id.toString();
      return {
        query: "mutation ($userId: ID!, $roles: [Role!]!) { setUserRoles(userId: $userId, roles: $roles) { id email roles } }",
        variables: { userId: id, roles: ["EDITOR"] },
        secrets: [email],
        async expectAllowed(data) {
          expect(data.setUserRoles).toEqual({ id, email, roles: ["EDITOR"] });
          expect((await UserModel.findById(id).lean())?.roles).toEqual(["EDITOR"]);
        },
        async expectUnchanged() {
          expect((await UserModel.findById(id).lean())?.roles).toEqual(["USER"]);
        },
      };
    },
  },
  selfPromotion: {
    // Self-promotion for an ADMIN would be a no-op: the only viewer left out on purpose.
    viewers: ["anonymous", "owner", "other", "editor", "noScope"],
    ownerId: (viewer) => actors[viewer].id,
    coordinate: "Mutation.setUserRoles",
    may: "setUserRoles promoting themself to ADMIN",
    denied: "setUserRoles promoting themself to ADMIN",
    path: ["setUserRoles"],
    async prepare(viewer) {
      const id = (actors[viewer].id ?? actors.owner.id)!;
      const before = (await UserModel.findById(id).lean())!.roles;
      return {
        query: "mutation ($userId: ID!, $roles: [Role!]!) { setUserRoles(userId: $userId, roles: $roles) { id roles } }",
        variables: { userId: id, roles: ["ADMIN"] },
        // No account comes back (a denial names the ADMIN role it requires, which is no secret).
        secrets: ['"setUserRoles":{'],
        expectAllowed: () => {
          throw new Error("no row expects self-promotion to be allowed");
        },
        async expectUnchanged() {
          expect((await UserModel.findById(id).lean())?.roles).toEqual(before);
        },
      };
    },
  },
  revokeSessions: {
    coordinate: "Mutation.revokeSessions",
    may: "revokeSessions on another user",
    denied: "revokeSessions on another user",
    path: ["revokeSessions"],
    async prepare() {
      const { id } = await freshTarget();
      const before = (await storedUser(id))!.tokensValidAfter;
      return {
        query: "mutation ($userId: ID!) { revokeSessions(userId: $userId) }",
        variables: { userId: id },
        secrets: [],
        async expectAllowed(data) {
          expect(data.revokeSessions).toBe(true);
          expect((await storedUser(id))!.tokensValidAfter.getTime()).toBeGreaterThan(before.getTime());
        },
        async expectUnchanged() {
          expect((await storedUser(id))!.tokensValidAfter).toEqual(before);
        },
      };
    },
  },
  setUserDisabled: {
    coordinate: "Mutation.setUserDisabled",
    may: "setUserDisabled on another user",
    denied: "setUserDisabled on another user",
    path: ["setUserDisabled"],
    async prepare() {
      const { id, email } = await freshTarget();
      return {
        query: "mutation ($userId: ID!) { setUserDisabled(userId: $userId, disabled: true) { id email } }",
        variables: { userId: id },
        secrets: [email],
        async expectAllowed(data) {
          expect(data.setUserDisabled).toEqual({ id, email });
          expect((await storedUser(id))?.disabled).toBe(true);
        },
        async expectUnchanged() {
          expect((await storedUser(id))?.disabled).toBe(false);
        },
      };
    },
  },
  changePassword: {
    whenAllowed: INVALID_CREDENTIALS,
    ownerId: (viewer) => actors[viewer].id,
    coordinate: "Mutation.changePassword",
    may: "changePassword",
    denied: "changePassword",
    path: ["changePassword"],
    async prepare(viewer) {
      const id = (actors[viewer].id ?? actors.owner.id)!;
      const hashBefore = await passwordHashOf(id);
      return {
        query: "mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { accessToken } }",
        variables: { current: "not the current password", next: "a brand new password" },
        secrets: [],
        expectAllowed: () => {
          throw new Error("changePassword rows use a wrong current password: none may succeed");
        },
        async expectUnchanged() {
          expect(await passwordHashOf(id)).toBe(hashBefore);
        },
      };
    },
  },
} satisfies Record<string, Operation>;

type OperationKey = keyof typeof OPERATIONS;
const VIEWERS = Object.keys(VIEWER_LABELS) as ViewerKey[];

const schema = await buildTesseraSchema();
const RULES = new Map(Object.entries(effectiveRules(schema, authDirectivesOf(schema))).map(([key, rule]) => [fieldOf(key), rule]));

/**
 * The outcome the rule promises, judged as enforce.ts judges it: signed in and scopes first, then the roles or
 * named rule, then the owner, whose object a root field loads from its arguments (and does not find when the
 * viewer may not see it). What the resolver adds comes after the rule lets the viewer through.
 */
function expectedOutcome(operation: Operation, viewer: ViewerKey, claims: Viewer | null): Outcome {
  const rule: EffectiveRule | undefined = RULES.get(operation.coordinate);
  if (rule === undefined) throw new Error(`${operation.coordinate} is not a field of the built schema`);
  const visible = operation.visibleTo?.includes(viewer) ?? true;
  const ownerId = operation.ownerId ? operation.ownerId(viewer) : actors.owner.id;
  for (const requirement of rule === PUBLIC ? [] : rule) {
    const target = requirement.owner ? { [requirement.owner]: ownerId } : undefined;
    const decision = decide(claims, ruleOf(requirement), target);
    if (decision.allowed) continue;
    if (decision.missing === "role-or-rule" && requirement.owner && !visible) return NOT_FOUND;
    return decision.code === "UNAUTHENTICATED" ? UNAUTHENTICATED : FORBIDDEN;
  }
  if (!visible) return operation.invisible!;
  return operation.whenAllowed ?? ALLOWED;
}
function caseName(viewer: ViewerKey, operation: Operation, outcome: Outcome): string {
  const who = VIEWER_LABELS[viewer];
  switch (outcome.kind) {
    case "allowed":
      return `${who} may ${operation.may}`;
    case "denied":
      return outcome.code === "NOT_FOUND" ? `${who} gets NOT_FOUND ${operation.denied}` : `${who} is ${outcome.code} ${operation.denied}`;
    case "hidden":
      return `${who} does not see ${operation.denied}`;
    case "reachedResolver":
      return `${who} may ${operation.may} (the rule lets it through: a wrong current password is ${outcome.code})`;
  }
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<any>((node, key) => (node == null ? undefined : node[key]), data);
}

let casesRun = 0;
let casesPassed = 0;
let rowCount = 0;

beforeAll(async () => {
  server = await startTestServer();
  const owner = await signUp(server.url);
  const other = await signUp(server.url);
  const editor = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
  const admin = await signIn(server.url, "admin@tessera.dev", "tessera-demo");
  ownerEmail = owner.email;
  otherEmail = other.email;
  const noScopeToken = await signWithServerKey(
    server.config,
    validClaims(server.config, owner.user.id, { roles: ["USER"], scope: "profile posts:read" }),
  );
  Object.assign(actors, {
    anonymous: {},
    owner: { token: owner.accessToken, id: owner.user.id },
    other: { token: other.accessToken, id: other.user.id },
    editor: { token: editor.accessToken, id: editor.user.id },
    admin: { token: admin.accessToken, id: admin.user.id },
    noScope: { token: noScopeToken, id: owner.user.id },
  } satisfies Record<ViewerKey, Actor>);
});

afterAll(async () => {
  console.log(`role matrix: ${casesRun} of ${rowCount} cases run, ${casesPassed} passed`);
  await server?.stop();
});

it("has operations for every guarded field of the built schema: a new rule without matrix rows fails here", async () => {
  const schema = await buildTesseraSchema();
  const guarded = Object.entries(effectiveRules(schema, authDirectivesOf(schema)))
    .filter(([, rule]) => rule !== "public")
    .map(([coordinate]) => fieldOf(coordinate));
  const exercised = new Set(Object.values(OPERATIONS).map((operation: Operation) => operation.coordinate));
  // Listed as they are in AUTH_MANIFEST_FILE: add an operation and its rows for each one named here.
  expect({ file: AUTH_MANIFEST_FILE, withoutRows: guarded.filter((coordinate) => !exercised.has(coordinate)) }).toEqual({
    file: AUTH_MANIFEST_FILE,
    withoutRows: [],
  });
});

/** The claims of each viewer's real token, as the server reads them; null for anonymous. */
const claimsOf = (viewer: ViewerKey): Viewer | null => {
  const token = actors[viewer].token;
  return token === undefined ? null : viewerFromClaims(decodeJwt(token) as Claims);
};

// The rows: every operation, as every viewer. The outcome needs the viewers' tokens, which exist only once the
// server is up, so each row states it (in the words of caseName) as the first thing it checks.
describe.each(Object.keys(OPERATIONS) as OperationKey[])("%s", (key) => {
  const operation: Operation = OPERATIONS[key];
  const viewers = operation.viewers ?? VIEWERS;
  rowCount += viewers.length;
  it.each(viewers)("as %s", async (viewer) => {
    const outcome = expectedOutcome(operation, viewer, claimsOf(viewer));
    try {
      await runRow(operation, viewer, outcome);
    } catch (error) {
      throw new Error(`Expected: ${caseName(viewer, operation, outcome)}\n${(error as Error).message}`);
    }
  });
});

async function runRow(operation: Operation, viewer: ViewerKey, outcome: Outcome): Promise<void> {
  casesRun++;
  const prepared = await operation.prepare(viewer);
  const token = actors[viewer].token;
  const response = await graphql(server.url, prepared.query, prepared.variables, token === undefined ? {} : { token });
  const text = JSON.stringify(response.body);
  const { data, errors } = response.body;

  expect(response.status).toBe(200);
  switch (outcome.kind) {
    case "allowed":
      expect(errors).toBeUndefined();
      expect(valueAt(data, operation.path) ?? null).not.toBeNull();
      await prepared.expectAllowed(data);
      break;
    case "hidden":
      expect(errors).toBeUndefined();
      for (const secret of prepared.secrets) expect(text).not.toContain(secret);
      break;
    case "denied":
    case "reachedResolver": {
      // A rule's denial says what the field requires; NOT_FOUND and the resolver's own errors carry their code alone.
      const byRule = outcome.code === "UNAUTHENTICATED" || outcome.code === "FORBIDDEN";
      const extensions = byRule ? { code: outcome.code, required: expect.any(Object), missing: expect.any(String) } : { code: outcome.code };
      expect(errors).toEqual([{ message: expect.any(String), locations: expect.any(Array), path: operation.path, extensions }]);
      expect(valueAt(data, operation.path)).toBeNull();
      // Partial results: the object holding a denied field still resolves.
      if (operation.path.length > 1) expect(valueAt(data, operation.path.slice(0, -1))).toMatchObject({ id: expect.any(String) });
      for (const secret of prepared.secrets) expect(text).not.toContain(secret);
      await prepared.expectUnchanged?.();
      break;
    }
  }
  casesPassed++;
}
