/**
 * A least-recently-used cache bounded by the total byte size of its values.
 *
 * A Map plus an intrusive doubly linked list: evicting through Map iteration order instead would
 * walk over the tombstones V8 leaves behind deleted entries, which made eviction linear.
 */
interface Node<K, V> {
  key: K;
  value: V;
  bytes: number;
  newer: Node<K, V> | null;
  older: Node<K, V> | null;
}

export class ByteLru<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  private newest: Node<K, V> | null = null;
  private oldest: Node<K, V> | null = null;
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    /** Values bigger than this are not kept at all, so one huge blob cannot flush everything. */
    private readonly maxEntryBytes = maxBytes / 8,
  ) {}

  get size(): number {
    return this.nodes.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const node = this.nodes.get(key);
    if (!node) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.pushNewest(node);
    }
    return node.value;
  }

  set(key: K, value: V, bytes: number): void {
    if (bytes > this.maxEntryBytes) return;
    const old = this.nodes.get(key);
    if (old) {
      this.unlink(old);
      this.nodes.delete(key);
      this.total -= old.bytes;
    }
    const node: Node<K, V> = { key, value, bytes, newer: null, older: null };
    this.nodes.set(key, node);
    this.pushNewest(node);
    this.total += bytes;
    while (this.total > this.maxBytes && this.oldest) {
      const victim = this.oldest;
      this.unlink(victim);
      this.nodes.delete(victim.key);
      this.total -= victim.bytes;
    }
  }

  clear(): void {
    this.nodes.clear();
    this.newest = null;
    this.oldest = null;
    this.total = 0;
  }

  private unlink(node: Node<K, V>): void {
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    node.newer = null;
    node.older = null;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    node.newer = null;
    if (this.newest) this.newest.newer = node;
    this.newest = node;
    this.oldest ??= node;
  }
}
