import { describe, expect, it } from 'vitest';
import { CodeFenceTracker } from '../../src/render/markdown-structure.js';

describe('CodeFenceTracker', () => {
  it('knows which lines are code: a fence closes only with the same character, at least as long', () => {
    const lines = ['# Title', '````md', '```', '# not a heading', '````', 'text', '~~~', '```', '~~~', '## Next'];
    const tracker = new CodeFenceTracker();
    expect(lines.map((line) => tracker.isCode(line))).toEqual([false, true, true, true, true, false, true, true, true, false]);
  });
});
