/** The programmatic API. */
export { collectFacts, render, analyzerIds, type CollectOptions, type OutputFormat } from './run.js';
export { FactsSchema, factsJsonSchema, SCHEMA_VERSION } from './facts/schema.js';
export type { Facts, CommitFact, AuthorFact, FileFact, Warning, Summary, RangeFact } from './facts/schema.js';
export { ImplDraftError, EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT } from './errors.js';
