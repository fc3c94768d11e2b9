/**
 * The shape of a CBOR message, read from its item headers without building any value.
 *
 * Decoding is where a hostile frame costs: 16 MiB of empty maps decodes into millions of objects
 * (seconds of CPU, gigabytes of heap). A protocol message is one small map of strings, byte
 * strings and short lists, so the relay first walks the headers — byte strings are skipped, not
 * read — and refuses anything that is not one map, nests too deep or holds too many items.
 * The walk is O(items) with a hard stop at `maxItems`, so it costs microseconds on any input.
 * It is pure: no I/O.
 */

export interface ShapeLimits {
  /** Most CBOR items (every key, value, list element and nested header) in one message. */
  maxItems: number;
  /** Deepest nesting of maps, lists and tags. */
  maxDepth: number;
  /** Most entries in the top-level map (a protocol message has fewer than ten fields). */
  maxTopLevelEntries: number;
}

export const MESSAGE_SHAPE: ShapeLimits = { maxItems: 4096, maxDepth: 8, maxTopLevelEntries: 16 };

const MAJOR_MAP = 5;

/** Returns why `bytes` is not one well-formed CBOR map within `limits`, or undefined if it is. */
export function checkCborShape(bytes: Uint8Array, limits: ShapeLimits = MESSAGE_SHAPE): string | undefined {
  const first = bytes[0];
  if (first === undefined) return "empty frame";
  if (first === 0xff || ((first & 31) >= 28 && (first & 31) <= 30)) return "not CBOR (invalid first byte)";
  if (first >> 5 !== MAJOR_MAP) return `message is ${describeFirst(bytes)}, not a map`;
  let pos = 0;
  let items = 0;
  /** Items still expected per open container; -1 means indefinite (ends with a break byte). */
  const open: number[] = [1];

  const readArgument = (info: number): number | undefined => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0 || pos + size > bytes.length) return undefined;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + (bytes[pos + i] as number);
    pos += size;
    return value;
  };

  while (open.length > 0) {
    const top = open.length - 1;
    if (open[top] === 0) {
      open.pop();
      continue;
    }
    if (pos >= bytes.length) return "not CBOR (truncated)";
    const initial = bytes[pos++] as number;
    if (initial === 0xff) {
      if (open[top] !== -1) return "not CBOR (unexpected break)";
      open.pop();
      continue;
    }
    if (open[top] !== -1) open[top] = (open[top] as number) - 1;
    if (++items > limits.maxItems) return `more than ${limits.maxItems} CBOR items`;
    const major = initial >> 5;
    const info = initial & 31;
    if (info === 31) {
      // Indefinite length: strings (2, 3), lists (4) and maps (5) only.
      if (major < 2 || major > 5) return "not CBOR (invalid indefinite length)";
      if (open.length > limits.maxDepth) return `CBOR nested deeper than ${limits.maxDepth}`;
      open.push(-1);
      continue;
    }
    const argument = readArgument(info);
    if (argument === undefined) return "not CBOR (truncated or invalid header)";
    switch (major) {
      case 0:
      case 1:
      case 7:
        break;
      case 2:
      case 3:
        if (argument > bytes.length - pos) return "not CBOR (truncated string)";
        pos += argument;
        break;
      case 4:
      case 5: {
        const count = major === 5 ? argument * 2 : argument;
        if (items === 1 && major === 5 && argument > limits.maxTopLevelEntries) {
          return `message map has ${argument} entries (at most ${limits.maxTopLevelEntries})`;
        }
        // Each item is at least one byte: a count beyond what is left is a lie, refuse it early.
        if (count > bytes.length - pos) return "not CBOR (container longer than the frame)";
        if (open.length > limits.maxDepth) return `CBOR nested deeper than ${limits.maxDepth}`;
        open.push(count);
        break;
      }
      case 6:
        if (open.length > limits.maxDepth) return `CBOR nested deeper than ${limits.maxDepth}`;
        open.push(1);
        break;
    }
  }
  if (pos !== bytes.length) return "not CBOR (bytes after the message)";
  return undefined;
}

/** What a non-map message is, in words, from its first bytes. */
function describeFirst(bytes: Uint8Array): string {
  const first = bytes[0] as number;
  switch (first >> 5) {
    case 0:
    case 1:
      return "a number";
    case 2:
      return "bytes";
    case 3:
      return "a string";
    case 4:
      return "an array";
    case 6:
      // Tags 0 and 1 are dates; others name other classes.
      return (first & 31) <= 1 ? "a Date" : `a tagged value (tag ${first & 31})`;
    default:
      if (first === 0xf6 || first === 0xf7) return "null";
      if (first === 0xf4 || first === 0xf5) return "a boolean";
      return "a number";
  }
}
