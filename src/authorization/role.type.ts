import { registerEnumType } from "type-graphql";
import { Role } from "../tokens/role.js";

// The token core knows Role as a plain enum (it loads no type-graphql); the schema learns it here, imported
// once by schema.ts before anything is built.
registerEnumType(Role, {
  name: "Role",
  description: "A role carried in the access token. ADMIN includes EDITOR, which includes USER.",
});
