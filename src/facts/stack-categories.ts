/** The stack categories, in the order reports list them. Kept apart from the zod schemas so the CLI does not load zod. */
export const STACK_CATEGORIES = ['language', 'runtime', 'framework', 'frontend', 'database', 'orm', 'testing', 'e2e-testing', 'logging', 'validation', 'auth', 'monitoring', 'build'] as const;
