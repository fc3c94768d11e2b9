/**
 * A printable document (the register, the agreement, the resolutions) as plain blocks: the app
 * renders them as elements and the same blocks become a Markdown file, so the two never differ.
 */
export type PaperBlock =
  /** `newPage`: on paper this heading starts a new page (the signature page). */
  | { kind: "h1" | "h2" | "p"; text: string; newPage?: boolean }
  | { kind: "ul"; items: string[] }
  /** `caption` names the table for screen readers; `signatures`: rows tall enough to sign on paper. */
  | { kind: "table"; caption: string; head: string[]; rows: string[][]; signatures?: boolean };

export interface PaperDoc {
  title: string;
  blocks: PaperBlock[];
}

/** How a document writes money and dates: the app passes Intl formatters (the core has no locale). */
export interface PaperFormat {
  money(minor: number): string;
  date(ms: number): string;
}

/** Markdown without surprises: a typed name cannot open a heading, a list or break a table. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, "\\$1").replace(/\r?\n/g, " ");
}

/** A paragraph or list item also must not start a list, or underline the line above as a heading. */
const lineStart = (text: string) =>
  inline(text)
    .replace(/^(\d+)\./, "$1\\.")
    .replace(/^([-+=])/, "\\$1");

const MARK = { h1: "# ", h2: "## " } as const;

export function paperMarkdown(doc: PaperDoc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === "ul") out.push(...b.items.map((i) => `- ${lineStart(i)}`), "");
    else if (b.kind === "p") out.push(lineStart(b.text), "");
    else if (b.kind !== "table") out.push(`${MARK[b.kind]}${inline(b.text)}`, "");
    else {
      out.push(`| ${b.head.map(inline).join(" | ")} |`, `| ${b.head.map(() => "---").join(" | ")} |`);
      for (const row of b.rows) out.push(`| ${row.map(inline).join(" | ")} |`);
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
