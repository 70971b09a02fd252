import type { PlaygroundSettings } from "../../src/http/playground-settings.js";

/** The settings the server wrote into the page (see index.html): a data block, not a script. */
export function readSettings(): PlaygroundSettings {
  const block = document.getElementById("playground-settings");
  const settings = JSON.parse(block?.textContent || "{}") as Partial<PlaygroundSettings>;
  return { demoAccounts: settings.demoAccounts ?? [], demoPassword: settings.demoPassword };
}
