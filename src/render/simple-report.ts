/**
 * The built-in Markdown layout used until the report templates land: every fact the core gathers,
 * in plain tables. It formats facts; it computes none.
 */
import type { Facts, FileFact } from '../facts/schema.js';
import { cell, code, inline, shortOid } from './markdown-text.js';

export function renderSimpleReport(facts: Facts): string {
  const { range, summary } = facts;
  const out: string[] = [];
  const fromLabel = range.from ? `${code(range.from)} (${code(shortOid(range.fromOid!))})` : 'the start of history';
  out.push(`# Implementation report: ${cell(facts.repository.name)}`, '');
  out.push(`- Range: ${fromLabel} to ${code(range.to)} (${code(shortOid(range.toOid))})`);
  if (range.fromSource === 'nearest-tag') out.push(`- FROM was not given: ${code(range.from!)} is the nearest tag before TO.`);
  if (range.fromSource === 'root') out.push('- FROM was not given and no tag precedes TO: the report covers the whole history up to TO.');
  if (range.mergeBase && range.mergeBase !== range.fromOid) out.push(`- FROM is not an ancestor of TO: files are compared from their merge base ${code(shortOid(range.mergeBase))}.`);
  if (summary.startDate) out.push(`- Dates: ${summary.startDate} to ${summary.endDate} (${summary.durationDays} days)`);
  if (summary.commits !== null) out.push(`- Commits: ${summary.commits} (${summary.merges} merges), pull requests: ${summary.pullRequests}, authors: ${summary.authors}`);
  if (summary.filesByStatus) {
    const s = summary.filesByStatus;
    out.push(`- Files: ${summary.filesChanged} changed (${s.added} added, ${s.modified} modified, ${s.deleted} deleted, ${s.renamed} renamed, ${s.typechanged} type changed), +${summary.additions} / -${summary.deletions} lines`);
  }
  if (summary.commitTypes && Object.keys(summary.commitTypes).length > 0) {
    out.push(`- Commit types: ${Object.entries(summary.commitTypes).map(([type, n]) => `${type} ${n}`).join(', ')}`);
  }
  out.push('');

  const breaking = facts.commits.filter((c) => c.breaking);
  if (breaking.length > 0) {
    out.push('## Breaking changes', '');
    for (const commit of breaking) out.push(`- ${inline(commit.breakingNote ?? commit.subject)} (${code(shortOid(commit.oid))})`);
    out.push('');
  }

  if (facts.analyzers.includes('commits')) {
    out.push('## Commits', '');
    if (facts.commits.length === 0) out.push('No commits in this range.', '');
    else {
      out.push('| Commit | Date | Author | Type | Subject | PR |', '| --- | --- | --- | --- | --- | --- |');
      for (const c of facts.commits) {
        out.push(`| ${code(shortOid(c.oid))} | ${c.author.date.slice(0, 10)} | ${cell(c.author.name)} | ${c.type ?? (c.merge ? 'merge' : '')}${c.breaking ? '!' : ''} | ${cell(c.subject)} | ${c.pr === null ? '' : `#${c.pr}`} |`);
      }
      out.push('');
    }
    out.push('## Authors', '');
    if (facts.authors.length === 0) out.push('No authors in this range.', '');
    else {
      out.push('| Author | Commits | Co-authored | Lines added | Lines removed |', '| --- | ---: | ---: | ---: | ---: |');
      for (const a of facts.authors) out.push(`| ${cell(a.name)} | ${a.commits} | ${a.coAuthored} | ${a.additions} | ${a.deletions} |`);
      out.push('');
    }
  }

  if (facts.analyzers.includes('files')) {
    out.push('## Files', '');
    if (facts.files.length === 0) out.push('No file changes in this range.', '');
    const sections: Array<[FileFact['status'], string]> = [
      ['added', 'Created'],
      ['modified', 'Modified'],
      ['deleted', 'Deleted'],
      ['renamed', 'Renamed'],
      ['typechanged', 'Type changed'],
    ];
    for (const [status, title] of sections) {
      const files = facts.files.filter((f) => f.status === status);
      if (files.length === 0) continue;
      out.push(`### ${title} (${files.length})`, '');
      if (status === 'renamed') {
        out.push('| From | To | Similarity | Lines |', '| --- | --- | ---: | ---: |');
        for (const f of files) out.push(`| ${code(f.oldPath!)} | ${code(f.path)} | ${f.similarity}% | ${lines(f)} |`);
      } else {
        out.push('| File | Kind | Lines |', '| --- | --- | ---: |');
        for (const f of files) out.push(`| ${code(f.path)} | ${kind(f)} | ${lines(f)} |`);
      }
      out.push('');
    }
  }

  if (facts.warnings.length > 0) {
    out.push('## Warnings', '');
    for (const w of facts.warnings) out.push(`- ${w.analyzer}: ${cell(w.message)}${w.path ? ` (${code(w.path)})` : ''}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function lines(file: FileFact): string {
  return file.binary ? 'binary' : `+${file.additions} / -${file.deletions}`;
}

function kind(file: FileFact): string {
  const modeNote = file.oldMode && file.newMode && file.oldMode !== file.newMode && file.status !== 'typechanged' ? `, mode ${file.oldMode} to ${file.newMode}` : '';
  if (file.status === 'typechanged') return `${file.oldMode} to ${file.newMode}`;
  return `${file.kind}${modeNote}`;
}
