/** The programmatic API. */
export { collectFacts, render, draft, analyzerIds, DEFAULT_TEMPLATE, type CollectOptions, type RenderOptions, type DraftOptions, type Draft, type OutputFormat } from './run.js';
export { builtinTemplates, type BuiltinTemplate } from './render/template-engine.js';
export { loadFactsFile } from './facts/load.js';
export { FactsSchema, factsJsonSchema, SCHEMA_VERSION } from './facts/schema.js';
export type { Facts, CommitFact, AuthorFact, FileFact, WorkItem, Todo, Project, Warning, Summary, RangeFact } from './facts/schema.js';
export { ImplDraftError, EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_CHECK_FAILED } from './errors.js';
