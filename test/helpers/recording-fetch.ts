import { rememberAuthorization, rememberSecrets } from "./graphql.js";

export interface RecordingFetch {
  fetch: typeof fetch;
  /** How many requests for this operation name went to the network. */
  sent(operationName: string): number;
}

/**
 * The real fetch, unchanged, that also counts each GraphQL request by operation name and records the
 * secrets it carried in seenSecrets (so the file fails if any reached a server log). For clients
 * such as Apollo Client that send requests themselves rather than through graphql().
 */
export function recordingFetch(): RecordingFetch {
  const operationNames: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const authorization = new Headers(init?.headers).get("authorization");
    if (authorization) rememberAuthorization(authorization);
    if (typeof init?.body === "string") {
      const body = JSON.parse(init.body) as { operationName?: string; variables?: unknown };
      operationNames.push(body.operationName ?? "(anonymous)");
      rememberSecrets(body.variables);
    }
    const response = await fetch(input, init);
    rememberSecrets(await response.clone().json().catch(() => undefined));
    return response;
  };
  return { fetch: recording, sent: (name) => operationNames.filter((n) => n === name).length };
}
