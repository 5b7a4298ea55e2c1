/**
 * Git's binary delta format (the payload of OFS_DELTA and REF_DELTA pack entries).
 * Spec: https://git-scm.com/docs/gitformat-pack#_deltified_representation
 */

/** Thrown for a malformed delta; the caller turns it into a CorruptObjectError naming the object. */
export class DeltaError extends Error {}

/** Reads the base and result sizes at the start of a delta without applying it. */
export function readDeltaSizes(delta: Buffer): { baseSize: number; resultSize: number; next: number } {
  let pos = 0;
  const readSize = (): number => {
    let value = 0;
    let shift = 1;
    let byte: number;
    do {
      if (pos >= delta.length) throw new DeltaError('delta header is truncated');
      byte = delta[pos++]!;
      value += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte & 0x80);
    return value;
  };
  const baseSize = readSize();
  const resultSize = readSize();
  return { baseSize, resultSize, next: pos };
}

/** Applies `delta` to `base` and returns the reconstructed object bytes. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  const { baseSize, resultSize, next } = readDeltaSizes(delta);
  if (baseSize !== base.length) throw new DeltaError(`delta expects a ${baseSize}-byte base, got ${base.length} bytes`);
  const out = Buffer.allocUnsafe(resultSize);
  const end = delta.length;
  let pos = next;
  let written = 0;
  while (pos < end) {
    const op = delta[pos++]!;
    if (op & 0x80) {
      // Copy from the base: bits 0-3 say which offset bytes follow, bits 4-6 which size bytes.
      let offset = 0;
      let size = 0;
      if (op & 0x01) offset = delta[pos++]!;
      if (op & 0x02) offset |= delta[pos++]! << 8;
      if (op & 0x04) offset |= delta[pos++]! << 16;
      if (op & 0x08) offset += delta[pos++]! * 0x1000000; // avoid the sign bit of `|`
      if (op & 0x10) size = delta[pos++]!;
      if (op & 0x20) size |= delta[pos++]! << 8;
      if (op & 0x40) size |= delta[pos++]! << 16;
      if (size === 0) size = 0x10000;
      if (pos > end || offset + size > baseSize || written + size > resultSize) throw new DeltaError('delta copy instruction is out of bounds');
      base.copy(out, written, offset, offset + size);
      written += size;
    } else if (op !== 0) {
      // Insert the next `op` literal bytes.
      if (pos + op > end || written + op > resultSize) throw new DeltaError('delta insert instruction is out of bounds');
      delta.copy(out, written, pos, pos + op);
      pos += op;
      written += op;
    } else {
      throw new DeltaError('delta has the reserved instruction 0');
    }
  }
  if (written !== resultSize) throw new DeltaError(`delta produced ${written} bytes, expected ${resultSize}`);
  return out;
}
