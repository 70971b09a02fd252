import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { createAccount } from "../accounts/accounts.js";
import { loadConfig } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { connectDatabase, disconnectDatabase } from "../db/connection.js";
import { ensureIndexes } from "../db/indexes.js";
import { resolveDatabase, runningEmbeddedDatabase } from "../db/resolve.js";
import { TesseraError } from "../errors.js";
import { createLogger } from "../logger.js";
import { endEverySession } from "../sessions/end-every-session.js";
import { startRevocations } from "../sessions/revocation.js";
import { setAccountDisabled } from "../sessions/set-account-disabled.js";
import { ALL_ROLES, isRole, type Role } from "../tokens/role.js";
import { updateUser } from "../users/update-user.js";
import { backfillUserEmails, userIdForEmail } from "../users/user-emails.js";
import { UserModel, type UserRecord } from "../users/user.model.js";

const USAGE = `usage: npm run users -- <command>
  create --email EMAIL --role ROLE [--name NAME]   the password is read from stdin, never from the command line
  set-roles --email EMAIL --role ROLE [--role ROLE ...]
  disable --email EMAIL        signs the account out everywhere, on every instance
  enable --email EMAIL
  revoke-sessions --email EMAIL
  list`;

/**
 * `npm run users`: administers accounts on the database the server uses: MONGODB_URI, else the development
 * database under DATA_DIR (a running instance's, or started for the command). Changes reach running instances as
 * the matching mutations' do: revocations are written to the database and pushed over Redis (REDIS_URL).
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: "string" }, role: { type: "string", multiple: true }, name: { type: "string" } },
});

class UsageError extends Error {}

function rolesFrom(given: string[] | undefined): Role[] {
  if (!given?.length) throw new UsageError(`give at least one --role (${ALL_ROLES.join(", ")})`);
  for (const role of given) if (!isRole(role)) throw new UsageError(`${role} is not a role (${ALL_ROLES.join(", ")})`);
  return [...new Set(given.filter(isRole))];
}

async function accountByEmail(): Promise<UserRecord> {
  if (!values.email) throw new UsageError("give --email");
  const userId = await userIdForEmail(values.email);
  const user = userId ? await UserModel.findById(userId).lean() : null;
  if (!user) throw new UsageError(`no account with the email ${values.email}`);
  return user;
}

const describe = (user: UserRecord) => `${user.email}  ${user.roles.join(",")}${user.disabled ? "  disabled" : ""}  ${user._id.toString()}`;

loadEnvFile();
const config = loadConfig();
const logger = createLogger({ logLevel: "warn", logFormat: "json" }, process.stderr);
const command = positionals[0];
if (!["create", "set-roles", "disable", "enable", "revoke-sessions", "list"].includes(command ?? "")) {
  console.error(USAGE);
  process.exit(1);
}
// A password is read before anything starts, so that a mistake in it costs nothing.
const password = command === "create" ? (await text(process.stdin)).replace(/\r?\n$/, "") : "";

const running = config.database.uri ?? runningEmbeddedDatabase(config);
const database = running ? { uri: running, stop: async () => {} } : await resolveDatabase(config, logger);
let exitCode = 0;
try {
  await connectDatabase(database.uri, { monitorCommands: false }, logger);
  await ensureIndexes(logger);
  await backfillUserEmails(logger);
  const revocations = await startRevocations({ ...config.revocation, maxTokenLifetimeSeconds: config.maxAcceptedTokenLifetimeSeconds, logger });
  try {
    switch (command) {
      case "create": {
        if (!values.email) throw new UsageError("give --email");
        const roles = rolesFrom(values.role);
        const created = await createAccount({ email: values.email, password, displayName: values.name ?? values.email.split("@")[0] });
        console.log(`created ${describe((await updateUser(created._id, { roles }))!)}`);
        break;
      }
      case "set-roles": {
        const roles = rolesFrom(values.role);
        const user = await accountByEmail();
        // Roles are claims: the account's tokens carry the new ones from their next refresh.
        console.log(`roles set: ${describe((await updateUser(user._id, { roles }))!)}`);
        break;
      }
      case "disable":
      case "enable": {
        const user = await accountByEmail();
        const updated = (await setAccountDisabled(user._id.toString(), command === "disable", revocations))!;
        console.log(`${command}d: ${describe(updated)}`);
        break;
      }
      case "revoke-sessions": {
        const user = await accountByEmail();
        await endEverySession(user._id.toString(), revocations);
        console.log(`every session of ${user.email} is ended: its refresh tokens are revoked, its access tokens refused`);
        break;
      }
      case "list":
        for (const user of await UserModel.find().sort({ _id: 1 }).lean()) console.log(describe(user));
        break;
    }
  } finally {
    await revocations.stop();
  }
} catch (error) {
  if (!(error instanceof UsageError || error instanceof TesseraError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await disconnectDatabase();
  await database.stop();
}
process.exit(exitCode);
