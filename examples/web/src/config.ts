import type { RefreshTransport } from "@tessera/client";

export const API_URL = import.meta.env.VITE_TESSERA_URL ?? "/graphql";
export const REFRESH_TRANSPORT: RefreshTransport = import.meta.env.VITE_TESSERA_REFRESH_TRANSPORT === "cookie" ? "cookie" : "body";
