/**
 * What the playground page learns from the server, in a JSON block of its HTML. Shared by the server
 * (src/http/playground.ts) and the page (playground/src/settings.ts), so it imports nothing.
 */
export interface PlaygroundSettings {
  /** Listed beside the editor only where the server seeded them (never in production). */
  demoAccounts: Array<{ email: string; roles: readonly string[] }>;
  demoPassword?: string;
}
