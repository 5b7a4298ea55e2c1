/**
 * The range engine: turns FROM and TO into the commits of `git rev-list FROM..TO` and the net file
 * change, diffed from the merge base when FROM is not an ancestor of TO (as `git diff FROM...TO`).
 */
import type { ResolvedRange } from './analyzer.js';
import { EmptyRangeError, ShallowCloneError, UsageError } from './errors.js';
import type { Repository } from './git/repository.js';
import type { Oid } from './git/types.js';
import { redactSecrets } from './redact.js';

export interface RangeRequest {
  /** FROM as the user wrote it; undefined means "the nearest tag before TO". */
  from?: string;
  to: string;
}

interface ChosenFrom {
  from: string | null;
  fromOid: Oid | null;
  fromSource: ResolvedRange['fromSource'];
}

export async function resolveRange(repo: Repository, request: RangeRequest): Promise<ResolvedRange> {
  const toOid = await repo.resolveCommit(request.to);
  const chosen = await chooseFrom(repo, request.from, toOid);
  const { from, fromOid } = chosen;
  if (fromOid === toOid) throw new EmptyRangeError(from ?? '', request.to, 'FROM and TO are the same commit; pick an older --from');

  // The commit walk and the tree diff are independent: with the native engine they run as two
  // git processes side by side.
  const [commits, { mergeBase, changes }] = await Promise.all([
    repo.listRangeCommits(toOid, fromOid ? [fromOid] : []),
    diffFromMergeBase(repo, chosen, request.to, toOid),
  ]);
  if (fromOid && commits.length === 0) {
    throw new EmptyRangeError(from!, request.to, `'${request.to}' is an ancestor of '${from}', so FROM is newer than TO; swap --from and --to`);
  }
  // Every fact quoted from a commit message (subjects, bodies, titles, descriptions) comes from
  // here: a token someone pasted into a message is masked once, before any analyzer reads it.
  const redacted = commits.map((commit) => ({ ...commit, message: redactSecrets(commit.message, { byShape: false }) }));
  return { from, to: request.to, fromOid, toOid, mergeBase, fromSource: chosen.fromSource, commits: redacted, changes };
}

async function diffFromMergeBase(repo: Repository, { from, fromOid }: ChosenFrom, to: string, toOid: Oid) {
  let mergeBase: Oid | null = null;
  if (fromOid) {
    mergeBase = await repo.mergeBase(fromOid, toOid);
    if (!mergeBase) {
      if (await repo.isShallow()) throw new ShallowCloneError(`the history between '${from}' and '${to}'`);
      throw new UsageError(`'${from}' and '${to}' share no history (unrelated commits); pick a --from on the same history as --to`);
    }
  }
  return { mergeBase, changes: await repo.diffCommits(mergeBase, toOid) };
}

/**
 * Without --from, take the newest tag reachable from TO's parent (`git describe --tags --abbrev=0
 * TO^`), so that running on a release tag reports the release; with no tag, start at the root.
 */
async function chooseFrom(repo: Repository, from: string | undefined, toOid: Oid): Promise<ChosenFrom> {
  if (from !== undefined) return { from, fromOid: await repo.resolveCommit(from), fromSource: 'argument' };
  const [parent] = await repo.parentsOf(toOid);
  const tag = parent ? await repo.nearestTag(parent) : null;
  if (!tag) {
    // In a shallow clone "no tag" usually means "no history": the root would be the clone's edge,
    // and the report would quietly cover a few commits.
    if (await repo.isShallow()) throw new ShallowCloneError('the tag to start the range from (no --from was given, and no tag is reachable)');
    return { from: null, fromOid: null, fromSource: 'root' };
  }
  return { from: tag, fromOid: await repo.resolveCommit(`refs/tags/${tag}`), fromSource: 'nearest-tag' };
}
