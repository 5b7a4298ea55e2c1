/**
 * A max-heap of commits by committer date that pops equal dates first-in first-out, which is the
 * order git's date-sorted commit lists (`commit_list_insert_by_date`, `prio_queue`) give. Walks that
 * must list commits in git's order depend on this tie rule.
 */
export interface Dated {
  date: number;
}

interface Slot<T> {
  item: T;
  date: number;
  seq: number;
}

export class DateQueue<T extends Dated> {
  private heap: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push({ item, date: item.date, seq: this.seq++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  peek(): T | undefined {
    return this.heap[0]?.item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < heap.length && this.before(heap[left]!, heap[best]!)) best = left;
        if (right < heap.length && this.before(heap[right]!, heap[best]!)) best = right;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top.item;
  }

  items(): T[] {
    return this.heap.map((slot) => slot.item);
  }

  private before(a: Slot<T>, b: Slot<T>): boolean {
    return a.date > b.date || (a.date === b.date && a.seq < b.seq);
  }
}
