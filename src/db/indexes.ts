import mongoose, { type Model } from "mongoose";
import type { Logger } from "../logger.js";

/** A TTL index the server could not create; its expiry is swept by us instead. */
export interface ExpiryField {
  model: Model<any>;
  field: string;
}

type CreateIndex = Model<unknown>["collection"]["createIndex"];
type IndexFields = Parameters<CreateIndex>[0];
type CreateIndexOptions = NonNullable<Parameters<CreateIndex>[1]>;

const NOT_IMPLEMENTED = 238;
/** IndexOptionsConflict, IndexKeySpecsConflict: an index of that name exists with other options. */
const CONFLICTS = new Set([85, 86]);

function isNotImplemented(error: unknown): boolean {
  return (error as { code?: number }).code === NOT_IMPLEMENTED;
}

/**
 * Creates the index as declared. One that exists under the same name with other options (an older release's, such
 * as the users' email index before it became sparse) is rebuilt, so a database follows the code it serves.
 */
async function createDeclaredIndex(model: Model<any>, fields: IndexFields, options: CreateIndexOptions, logger: Logger): Promise<void> {
  try {
    await model.collection.createIndex(fields, options);
  } catch (error) {
    if (!CONFLICTS.has((error as { code?: number }).code ?? 0)) throw error;
    const name = options.name ?? Object.entries(fields as Record<string, unknown>).map(([field, kind]) => `${field}_${String(kind)}`).join("_");
    logger.info({ collection: model.collection.name, index: name }, "index options changed; rebuilding the index");
    await model.collection.dropIndex(name);
    await model.collection.createIndex(fields, options);
  }
}

/**
 * Creates every model's declared indexes, once at start. FerretDB 1.x does
 * not implement TTL indexes: there the field gets a plain index and is
 * returned, so the caller sweeps expired documents itself.
 */
export async function ensureIndexes(logger: Logger): Promise<ExpiryField[]> {
  const swept: ExpiryField[] = [];
  for (const model of Object.values(mongoose.models)) {
    for (const [fields, declared] of model.schema.indexes()) {
      const options = declared as CreateIndexOptions;
      try {
        await createDeclaredIndex(model, fields as IndexFields, options, logger);
      } catch (error) {
        if (options.expireAfterSeconds === undefined || !isNotImplemented(error)) throw error;
        const { expireAfterSeconds: _ttl, ...plain } = options;
        await createDeclaredIndex(model, fields as IndexFields, plain, logger);
        swept.push({ model, field: Object.keys(fields)[0]! });
      }
    }
  }
  if (swept.length > 0) {
    logger.info({ collections: swept.map((s) => s.model.collection.name) }, "TTL indexes not supported by this server; sweeping expired documents instead");
  }
  return swept;
}
