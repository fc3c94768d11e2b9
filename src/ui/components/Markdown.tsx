import { For, type JSX } from "solid-js";

/**
 * Just enough Markdown for the bylaws (headings, lists, paragraphs, _emphasis_), rendered as
 * elements, never as HTML: pool names and purposes are typed by people.
 */
type Block = { kind: "h1" | "h2" | "p"; text: string } | { kind: "ul"; items: string[] };

function blocks(md: string): Block[] {
  const out: Block[] = [];
  for (const line of md.split("\n")) {
    if (line.startsWith("# ")) out.push({ kind: "h1", text: line.slice(2) });
    else if (line.startsWith("## ")) out.push({ kind: "h2", text: line.slice(3) });
    else if (line.startsWith("- ")) {
      const last = out[out.length - 1];
      if (last?.kind === "ul") last.items.push(line.slice(2));
      else out.push({ kind: "ul", items: [line.slice(2)] });
    } else if (line.trim() !== "") out.push({ kind: "p", text: line });
  }
  return out;
}

function inline(text: string): JSX.Element {
  const parts = text.split(/(_[^_]+_)/);
  return <For each={parts}>{(p) => (/^_[^_]+_$/.test(p) ? <em>{p.slice(1, -1)}</em> : p)}</For>;
}

export function Markdown(props: { text: string }) {
  return (
    <div class="bylaws">
      <For each={blocks(props.text)}>
        {(b) =>
          b.kind === "h1" ? (
            <h2>{inline(b.text)}</h2>
          ) : b.kind === "h2" ? (
            <h3>{inline(b.text)}</h3>
          ) : b.kind === "ul" ? (
            <ul>
              <For each={b.items}>{(i) => <li>{inline(i)}</li>}</For>
            </ul>
          ) : (
            <p>{inline(b.text)}</p>
          )
        }
      </For>
    </div>
  );
}
