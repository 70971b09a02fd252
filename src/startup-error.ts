/**
 * A start that cannot succeed, for a reason the operator can fix: the message is the one line
 * `npm start` prints (after "tessera: "), and it names the fix. Nothing it started is left running.
 */
export class StartupError extends Error {
  override name = "StartupError";
}
