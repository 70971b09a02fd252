import mongoose from "mongoose";

export interface SentCommand {
  commandName: string;
  command: Record<string, unknown>;
}

/**
 * The database commands this process sends while `run` executes, from the driver's command monitoring (the server
 * must run with MONGODB_MONITOR_COMMANDS=true).
 */
export async function commandsDuring(run: () => Promise<unknown>): Promise<SentCommand[]> {
  const seen: SentCommand[] = [];
  const listener = ({ commandName, command }: SentCommand) => seen.push({ commandName, command });
  const client = mongoose.connection.getClient();
  client.on("commandStarted", listener);
  try {
    await run();
  } finally {
    client.off("commandStarted", listener);
  }
  return seen;
}

/** A command's collection and each query filter it carries (one per statement of an update or delete). */
export function filtersOf({ commandName, command }: SentCommand): { collection: string; filter: Record<string, unknown> }[] {
  const collection = String(command[commandName]);
  const filters = (() => {
    switch (commandName) {
      case "find":
        return [command.filter];
      case "update":
        return (command.updates as { q: unknown }[]).map((statement) => statement.q);
      case "delete":
        return (command.deletes as { q: unknown }[]).map((statement) => statement.q);
      case "findAndModify":
      case "count":
      case "distinct":
        return [command.query];
      case "aggregate":
        return (command.pipeline as Record<string, unknown>[]).filter((stage) => "$match" in stage).map((stage) => stage.$match);
      default:
        return [];
    }
  })();
  return filters.map((filter) => ({ collection, filter: (filter ?? {}) as Record<string, unknown> }));
}

/** `{ _id: <a value> }` and nothing else: the one filter FerretDB's SQLite backend answers from the primary key. */
export function isIdEquality(filter: Record<string, unknown>): boolean {
  const keys = Object.keys(filter);
  const id = filter._id;
  return keys.length === 1 && keys[0] === "_id" && (typeof id === "string" || (typeof id === "object" && id !== null && id.constructor.name === "ObjectId"));
}
