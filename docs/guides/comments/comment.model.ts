import mongoose, { Schema, type InferSchemaType } from "mongoose";

const commentSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    body: { type: String, required: true, trim: true, maxlength: 2_000 },
    moderatorNote: { type: String, default: null, maxlength: 2_000 },
  },
  { timestamps: true, strict: "throw" },
);

// A post's comments are read newest first.
commentSchema.index({ postId: 1, _id: -1 });

export type CommentRecord = InferSchemaType<typeof commentSchema> & { _id: mongoose.Types.ObjectId };

export const CommentModel = mongoose.model("Comment", commentSchema);
