/**
 * Revision syntax, resolved the way `git rev-parse --verify REV^{commit}` does, on top of an
 * engine's primitives so both engines agree by construction.
 * Supported: full and abbreviated object ids, HEAD and `@`, ref names with git's lookup order
 * (gitrevisions(7) "<refname>"), `REV~N`, `REV^`, `REV^N`, `REV^{commit}`, `REV^{}` and chains.
 */
import { AmbiguousRevisionError, CorruptObjectError, ShallowCloneError, UnknownRevisionError } from '../errors.js';
import { parseCommitObject, parseTagObject } from './commit-object.js';
import type { GitBackend, Oid, Ref } from './types.js';

type Step = { kind: 'ancestor'; n: number } | { kind: 'parent'; n: number } | { kind: 'peel' };

interface ParsedRevision {
  base: string;
  steps: Step[];
}

const SUFFIX = /(~(\d*)|\^(\d*)|\^\{(commit|)\})$/;

export function parseRevision(rev: string): ParsedRevision | null {
  const steps: Step[] = [];
  let rest = rev;
  for (let match = SUFFIX.exec(rest); match && match.index > 0; match = SUFFIX.exec(rest)) {
    if (match[1]!.startsWith('~')) steps.unshift({ kind: 'ancestor', n: match[2] === '' ? 1 : Number(match[2]) });
    else if (match[4] !== undefined) steps.unshift({ kind: 'peel' });
    else steps.unshift({ kind: 'parent', n: match[3] === '' ? 1 : Number(match[3]) });
    rest = rest.slice(0, match.index);
  }
  if (rest === '' || /[\s:?*[\\]|\.\.|@\{/.test(rest) || rest.startsWith('-')) return null;
  return { base: rest === '@' ? 'HEAD' : rest, steps };
}

/** git's ref lookup order for a short name (refs.c `ref_rev_parse_rules`). */
export const REF_RULES = ['%s', 'refs/%s', 'refs/tags/%s', 'refs/heads/%s', 'refs/remotes/%s', 'refs/remotes/%s/HEAD'];

export class RevisionResolver {
  private refs: Promise<Map<string, Oid>> | null = null;

  constructor(private readonly backend: GitBackend) {}

  async resolveCommit(rev: string): Promise<Oid> {
    const parsed = parseRevision(rev);
    if (!parsed) throw new UnknownRevisionError(rev, [], 'not a revision this tool understands: use a name, an object id, ~N or ^N');
    let oid = await this.resolveBase(rev, parsed.base);
    oid = await this.peelToCommit(rev, oid);
    for (const step of parsed.steps) {
      if (step.kind === 'peel') continue;
      if (step.kind === 'parent') {
        if (step.n === 0) continue;
        oid = await this.nthParent(rev, oid, step.n);
      } else {
        for (let i = 0; i < step.n; i++) oid = await this.nthParent(rev, oid, 1);
      }
    }
    return oid;
  }

  async listRefs(): Promise<Map<string, Oid>> {
    this.refs ??= this.backend.listRefs().then((refs: Ref[]) => new Map(refs.map((ref) => [ref.name, ref.oid])));
    return this.refs;
  }

  private async resolveBase(rev: string, base: string): Promise<Oid> {
    if (/^[0-9a-f]{40}$/i.test(base)) return base.toLowerCase();
    const refs = await this.listRefs();
    for (const rule of REF_RULES) {
      const name = rule.replace('%s', base);
      if (name === 'HEAD') {
        const head = await this.backend.readHead();
        if (head) return head;
        continue;
      }
      const oid = refs.get(name);
      if (oid) return oid;
    }
    if (/^[0-9a-f]{4,39}$/i.test(base)) {
      const candidates = await this.backend.expandOidPrefix(base.toLowerCase());
      if (candidates.length === 1) return candidates[0]!;
      if (candidates.length > 1) {
        // Like git, prefer the one candidate that is a commit-ish when we need a commit.
        const commitish: Oid[] = [];
        for (const candidate of candidates) if (await this.isCommitish(candidate)) commitish.push(candidate);
        if (commitish.length === 1) return commitish[0]!;
        throw new AmbiguousRevisionError(rev, candidates);
      }
    }
    if (await this.isShallow()) throw new UnknownRevisionError(rev, suggest(base, [...refs.keys()]), 'this is a shallow clone: fetch more history, e.g. `git fetch --unshallow --tags`, if it should exist');
    throw new UnknownRevisionError(rev, suggest(base, [...refs.keys()]));
  }

  private async isShallow(): Promise<boolean> {
    return (await this.backend.shallowCommits()).size > 0;
  }

  private async isCommitish(oid: Oid): Promise<boolean> {
    let object = await this.backend.readObject(oid);
    while (object.type === 'tag') object = await this.backend.readObject(parseTagObject(oid, object.data).object);
    return object.type === 'commit';
  }

  private async peelToCommit(rev: string, start: Oid): Promise<Oid> {
    let oid = start;
    for (;;) {
      const object = await this.readOrExplain(rev, oid);
      if (object.type === 'commit') return oid;
      if (object.type !== 'tag') throw new UnknownRevisionError(rev, [], `it names a ${object.type}, not a commit`);
      oid = parseTagObject(oid, object.data).object;
    }
  }

  private async nthParent(rev: string, oid: Oid, n: number): Promise<Oid> {
    const commit = parseCommitObject(oid, (await this.readOrExplain(rev, oid)).data);
    const parents = (await this.backend.shallowCommits()).has(oid) ? [] : commit.parents;
    const parent = parents[n - 1];
    if (!parent) {
      if (commit.parents.length > parents.length) throw new ShallowCloneError(`the history behind '${rev}'`);
      throw new UnknownRevisionError(rev, [], `commit ${oid.slice(0, 12)} has ${parents.length} parent(s)`);
    }
    return parent;
  }

  private async readOrExplain(rev: string, oid: Oid) {
    try {
      return await this.backend.readObject(oid);
    } catch (error) {
      if (error instanceof CorruptObjectError) {
        if (await this.isShallow()) throw new ShallowCloneError(`the commit behind '${rev}'`);
        if (/^[0-9a-f]{40}$/i.test(rev)) throw new UnknownRevisionError(rev);
      }
      throw error;
    }
  }
}

/** Ref short names within a small edit distance of the unknown name, nearest first. */
export function suggest(name: string, refNames: string[]): string[] {
  const shortNames = new Set(refNames.map((ref) => ref.replace(/^refs\/(heads|tags|remotes)\//, '')));
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...shortNames]
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
