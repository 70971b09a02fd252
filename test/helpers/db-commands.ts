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
