// codegen.yml's document transform: the client preset's own, which adds __typename to every selection set, so
// that the documents in persisted-documents.json are the ones Apollo Client's cache needs. A server running them
// by hash then answers exactly what the cache expects.
exports.transform = require("@graphql-codegen/client-preset").addTypenameSelectionDocumentTransform.transform;
