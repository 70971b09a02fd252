import { launchBrowser } from "../helpers/browser.js";
import { DEMO_PASSWORD } from "../../src/users/demo-accounts.js";
import { seenSecrets } from "../helpers/graphql.js";
import { searchForSecretsAfterThisFile } from "../helpers/no-secrets-in-logs.js";
import { freshDataDir, startApi } from "../helpers/process.js";
import { openPlayground } from "./playground-page.js";

// What a newcomer gets from `npm start`: the built API as its own process, with no configuration, its own
// embedded database and seeded demo accounts, serving the playground with nothing from the internet.

it("serves the playground from a started API, and a demo account signs in and runs a guarded query", async () => {
  // The password and tokens the page sent must not appear in what the process printed.
  const output: string[] = [];
  searchForSecretsAfterThisFile(output);
  const api = await startApi({ DATA_DIR: freshDataDir(), LOG_LEVEL: "info" });
  try {
    const browser = await launchBrowser();
    const playground = await openPlayground(browser, `${api.origin}/graphql`);
    await playground.page.getByRole("button", { name: "Sign in as user@tessera.dev" }).click();
    await playground.page.getByRole("timer").waitFor();
    await playground.setQuery("{ me { email roles } }");
    await playground.run("user@tessera.dev");
    expect(playground.foreignRequests).toEqual([]);
    expect(playground.errors).toEqual([]);
  } finally {
    await api.stop();
    output.push(api.output());
    // Published on purpose: the banner prints it beside the demo accounts, as the README does.
    seenSecrets.delete(DEMO_PASSWORD);
  }
});
