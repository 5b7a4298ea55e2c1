/**
 * Every env extractor but the JavaScript one. The analyzer takes the first extractor whose
 * `matches` accepts a path, so the specific ones come before the guessing ones: GitHub Actions
 * and compose files before Kubernetes, whose `matches` guesses from folder and file names.
 */
import type { EnvExtractor } from '../model.js';
import { composeExtractor } from './compose.js';
import { dockerfileExtractor } from './dockerfile.js';
import { dotenvExtractor } from './dotenv-files.js';
import { githubActionsExtractor } from './github-actions.js';
import { goExtractor } from './go.js';
import { jvmExtractor } from './jvm.js';
import { kubernetesExtractor } from './kubernetes.js';
import { prismaExtractor } from './prisma.js';
import { pythonExtractor } from './python.js';
import { rubyExtractor } from './ruby.js';
import { rustExtractor } from './rust.js';
import { shellExtractor } from './shell.js';
import { turboVercelExtractor } from './turbo-vercel.js';


export const OTHER_EXTRACTORS: EnvExtractor[] = [
  pythonExtractor,
  goExtractor,
  rubyExtractor,
  rustExtractor,
  jvmExtractor,
  shellExtractor,
  prismaExtractor,
  dotenvExtractor,
  dockerfileExtractor,
  turboVercelExtractor,
  githubActionsExtractor,
  composeExtractor,
  kubernetesExtractor,
];
