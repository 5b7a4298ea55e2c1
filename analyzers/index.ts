/**
 * The registry of analyzers, in the order they run. A test checks it against the folders on disk.
 */
import type { Analyzer } from '../src/analyzer.js';
import { commitsAnalyzer } from './commits/index.js';
import { coverageAnalyzer } from './coverage/index.js';
import { dependenciesAnalyzer } from './dependencies/index.js';
import { envAnalyzer } from './env/index.js';
import { migrationsAnalyzer } from './migrations/index.js';
import { routesAnalyzer } from './routes/index.js';
import { testsAnalyzer } from './tests/index.js';
import { filesAnalyzer } from './files/index.js';
import { projectAnalyzer } from './project/index.js';
import { todosAnalyzer } from './todos/index.js';

export const analyzers: readonly Analyzer[] = [filesAnalyzer, commitsAnalyzer, todosAnalyzer, projectAnalyzer, dependenciesAnalyzer, envAnalyzer, routesAnalyzer, migrationsAnalyzer, testsAnalyzer, coverageAnalyzer];
