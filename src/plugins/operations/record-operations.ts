import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../../context.js";
import type { RecordOperation } from "./operation-recorder.js";

/** Records every operation Apollo answers once its response is ready (metrics and one log line). */
export function recordOperations(record: RecordOperation): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          record(
            {
              type: operation?.operation ?? "unknown",
              name: operationName,
              durationMs: performance.now() - started,
              codes: errors.map((error) => error.extensions?.code),
              sub: contextValue.viewer?.subject,
            },
            contextValue.log,
          );
        },
      };
    },
  };
}
