/**
 * A small CBOR codec (RFC 8949) that stands in for `cbor-x` in the browser bundle (see
 * vite.config.ts). automerge-repo encodes its network messages with cbor-x as plain CBOR
 * (`useRecords: false, tagUint8Array: false`): maps with string keys, arrays, text and byte
 * strings, integers, floats, booleans, null and undefined. That subset fits in about 1 kB,
 * against cbor-x's 30 kB; tests/ui/cborStandIn.test.ts checks byte-for-byte agreement with
 * cbor-x on such messages, both ways.
 */
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  head(major: number, n: number): void {
    const m = major << 5;
    if (n < 24) this.byte(m | n);
    else if (n < 0x100) {
      this.byte(m | 24);
      this.byte(n);
    } else if (n < 0x10000) {
      this.room(3);
      this.buf[this.length] = m | 25;
      this.view.setUint16(this.length + 1, n);
      this.length += 3;
    } else if (n < 0x100000000) {
      this.room(5);
      this.buf[this.length] = m | 26;
      this.view.setUint32(this.length + 1, n);
      this.length += 5;
    } else {
      this.room(9);
      this.buf[this.length] = m | 27;
      this.view.setUint32(this.length + 1, Math.floor(n / 0x100000000));
      this.view.setUint32(this.length + 5, n >>> 0);
      this.length += 9;
    }
  }

  /** cbor-x always writes a map's length in at least 16 bits; doing the same keeps the bytes identical. */
  mapHead(n: number): void {
    if (n >= 0x10000) {
      this.head(5, n);
      return;
    }
    this.room(3);
    this.buf[this.length] = 0xb9;
    this.view.setUint16(this.length + 1, n);
    this.length += 3;
  }

  float64(n: number): void {
    this.room(9);
    this.buf[this.length] = 0xfb;
    this.view.setFloat64(this.length + 1, n);
    this.length += 9;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function write(w: Writer, v: unknown): void {
  if (v === undefined) w.byte(0xf7);
  else if (v === null) w.byte(0xf6);
  else if (v === false) w.byte(0xf4);
  else if (v === true) w.byte(0xf5);
  else if (typeof v === "number") {
    // As cbor-x: integers that fit 32 bits are integers (−0 is 0), anything else a float64, so
    // that timestamps decode as numbers everywhere and never as 64-bit BigInts.
    if (Number.isInteger(v) && v >= -0x100000000 && v < 0x100000000) w.head(v >= 0 ? 0 : 1, v >= 0 ? v : -1 - v);
    else w.float64(v);
  } else if (typeof v === "string") {
    const b = utf8Encoder.encode(v);
    w.head(3, b.length);
    w.bytes(b);
  } else if (v instanceof Uint8Array) {
    w.head(2, v.length);
    w.bytes(v);
  } else if (v instanceof ArrayBuffer) write(w, new Uint8Array(v));
  else if (Array.isArray(v)) {
    w.head(4, v.length);
    for (const item of v) write(w, item);
  } else if (v instanceof Map) {
    w.mapHead(v.size);
    for (const [k, item] of v) {
      write(w, k);
      write(w, item);
    }
  } else if (typeof v === "object") {
    const keys = Object.keys(v);
    w.mapHead(keys.length);
    for (const k of keys) {
      write(w, k);
      write(w, (v as Record<string, unknown>)[k]);
    }
  } else throw new TypeError(`cbor: cannot encode a ${typeof v}`);
}

export function encode(value: unknown): Uint8Array {
  const w = new Writer();
  write(w, value);
  return w.result();
}

/** cbor-x's encoder class, as automerge-repo constructs it; the options it passes are this codec's only mode. */
export class Encoder {
  encode(value: unknown): Uint8Array {
    return encode(value);
  }
}

const BREAK = Symbol("break");

class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError("cbor: unexpected end of data");
  }

  private length(info: number): number {
    if (info < 24) return info;
    if (info === 24) {
      this.need(1);
      return this.buf[this.at++] as number;
    }
    if (info === 25) {
      this.need(2);
      const n = this.view.getUint16(this.at);
      this.at += 2;
      return n;
    }
    if (info === 26) {
      this.need(4);
      const n = this.view.getUint32(this.at);
      this.at += 4;
      return n;
    }
    if (info === 27) {
      this.need(8);
      const n = this.view.getUint32(this.at) * 0x100000000 + this.view.getUint32(this.at + 4);
      this.at += 8;
      return n;
    }
    throw new RangeError(`cbor: bad additional info ${info}`);
  }

  private chunk(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private float(info: number): number {
    if (info === 25) {
      const h = this.length(25);
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      const sign = h & 0x8000 ? -1 : 1;
      if (exp === 0) return sign * frac * 2 ** -24;
      if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
      return sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
    if (info === 26) {
      this.need(4);
      const n = this.view.getFloat32(this.at);
      this.at += 4;
      return n;
    }
    this.need(8);
    const n = this.view.getFloat64(this.at);
    this.at += 8;
    return n;
  }

  read(): unknown {
    this.need(1);
    const first = this.buf[this.at++] as number;
    const major = first >> 5;
    const info = first & 0x1f;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info >= 25 && info <= 27) return this.float(info);
      if (info === 31) return BREAK;
      if (info === 24) this.at++;
      return undefined;
    }
    const indefinite = info === 31 && major >= 2 && major <= 5;
    const n = indefinite ? -1 : this.length(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        let bytes: Uint8Array;
        if (indefinite) {
          const parts: Uint8Array[] = [];
          for (let p = this.read(); p !== BREAK; p = this.read())
            parts.push(typeof p === "string" ? utf8Encoder.encode(p) : (p as Uint8Array));
          bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
          let o = 0;
          for (const p of parts) {
            bytes.set(p, o);
            o += p.length;
          }
        } else bytes = this.chunk(n);
        return major === 2 ? bytes : utf8Decoder.decode(bytes);
      }
      case 4: {
        const out: unknown[] = [];
        if (indefinite) for (let item = this.read(); item !== BREAK; item = this.read()) out.push(item);
        else for (let i = 0; i < n; i++) out.push(this.read());
        return out;
      }
      case 5: {
        const out: Record<string, unknown> = {};
        for (let i = 0; indefinite || i < n; i++) {
          const key = this.read();
          if (key === BREAK) break;
          out[String(key)] = this.read();
        }
        return out;
      }
      default: {
        // A tag: RFC 8746's typed arrays (64: uint8) keep their bytes; other tags give their content.
        const inner = this.read();
        return n === 64 && inner instanceof Uint8Array ? inner : inner;
      }
    }
  }
}

export function decode(data: Uint8Array): unknown {
  return new Reader(data instanceof Uint8Array ? data : new Uint8Array(data)).read();
}

export class Decoder {
  decode(data: Uint8Array): unknown {
    return decode(data);
  }
}
