/**
 * The text of a PDF that Chromium printed, without any PDF package: Chromium (Skia) writes
 * plain objects whose page contents and ToUnicode maps are Flate streams, and shows text as
 * glyph ids in hex (`<0012001A> Tj`, `[<00..> -12 <00..>] TJ`). This reads exactly that much:
 * each page's content stream, its fonts' ToUnicode maps, and every shown string through them.
 * Enough to check what a printed page says; not a general PDF reader.
 */
import zlib from "node:zlib";

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endobj", start);
    const body = text.slice(start, end);
    const s = body.indexOf("stream");
    if (s < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    let from = start + s + "stream".length;
    if (text[from] === "\r") from++;
    if (text[from] === "\n") from++;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    let raw = pdf.subarray(from, from + length);
    if (/\/FlateDecode/.test(dict)) raw = zlib.inflateSync(raw);
    out.set(Number(m[1]), { dict, stream: raw });
    re.lastIndex = end;
  }
  return out;
}

/** A ToUnicode CMap: glyph id (hex) to text. */
function cmap(source: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => {
    let s = "";
    for (let i = 0; i < hex.length; i += 4) s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set((src as string).toUpperCase(), utf16(dst as string));
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, dst] of (block[1] ?? "").matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const width = (lo as string).length;
      const first = Number.parseInt(dst as string, 16);
      for (let g = Number.parseInt(lo as string, 16); g <= Number.parseInt(hi as string, 16); g++)
        map.set(
          g.toString(16).toUpperCase().padStart(width, "0"),
          String.fromCharCode(first + g - Number.parseInt(lo as string, 16)),
        );
    }
  return map;
}

const ref = (dict: string, key: string) => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** Every page's text in order; text runs are joined with spaces, text objects with newlines. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const maps = new Map<number, Map<string, string>>();
  const fontMap = (fontObj: number) => {
    if (!maps.has(fontObj)) {
      const toUnicode = ref(objs.get(fontObj)?.dict ?? "", "ToUnicode");
      const stream = toUnicode === undefined ? undefined : objs.get(toUnicode)?.stream;
      maps.set(fontObj, cmap(stream?.toString("latin1") ?? ""));
    }
    return maps.get(fontObj) as Map<string, string>;
  };
  // Pages in reading order: walk the page tree from its root (Skia nests it when pages are many).
  const kids: number[] = [];
  const walk = (num: number) => {
    const node = objs.get(num);
    if (!node) return;
    if (/\/Type \/Page\b/.test(node.dict)) kids.push(num);
    else for (const [, n] of (/\/Kids \[([^\]]*)\]/.exec(node.dict)?.[1] ?? "").matchAll(/(\d+) 0 R/g)) walk(Number(n));
  };
  for (const [num, o] of objs) if (/\/Type \/Pages\b/.test(o.dict) && !/\/Parent /.test(o.dict)) walk(num);
  const pages: string[] = [];
  for (const num of kids) {
    const obj = objs.get(num);
    if (!obj || !/\/Type \/Page\b/.test(obj.dict)) continue;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font <<([\s\S]*?)>>/.exec(obj.dict)?.[1] ?? "";
    for (const [, name, num] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(name as string, Number(num));
    const contents = ref(obj.dict, "Contents");
    const ops = contents === undefined ? "" : (objs.get(contents)?.stream?.toString("latin1") ?? "");
    let current = new Map<string, string>();
    let text = "";
    for (const m of ops.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bET\b/g)) {
      if (m[1] !== undefined) {
        const font = fonts.get(m[1]);
        current = font === undefined ? new Map() : fontMap(font);
      } else if (m[0] === "ET") text += "\n";
      else {
        const hexes =
          m[2] !== undefined ? [...m[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1] as string) : [m[3] as string];
        for (const hex of hexes) {
          const width = [...current.keys()][0]?.length ?? 4;
          for (let i = 0; i < hex.length; i += width) text += current.get(hex.slice(i, i + width).toUpperCase()) ?? "";
        }
        text += " ";
      }
    }
    pages.push(text);
  }
  return pages.join("\n\f");
}

/**
 * For "does the printed page say X?": whitespace (which a PDF places by position) ignored, and
 * typographic ligatures the font used ("ﬁ", "ﬃ") read as their letters (NFKC).
 */
export const squeeze = (s: string): string => s.normalize("NFKC").replace(/\s+/g, "");
