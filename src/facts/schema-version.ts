/** The facts model's version: bumped when a field is renamed or removed. Kept apart from the zod schemas so the CLI does not load zod. */
export const SCHEMA_VERSION = 1;
