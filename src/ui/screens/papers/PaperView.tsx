import { For, Match, Switch } from "solid-js";
import type { PaperDoc } from "../../../state/papers.ts";

/**
 * A document rendered as elements (never as HTML: names and purposes are typed by people).
 * The first heading is the page's own title in print; on screen the top bar holds the h1.
 */
export function PaperView(props: { doc: PaperDoc }) {
  return (
    <article class="paper" aria-label={props.doc.title}>
      <For each={props.doc.blocks}>
        {(b) => (
          <Switch>
            <Match when={b.kind === "h1" && b}>{(h) => <h2 class="paper-title">{h().text}</h2>}</Match>
            <Match when={b.kind === "h2" && b}>
              {(h) => <h3 classList={{ "new-page": h().newPage === true }}>{h().text}</h3>}
            </Match>
            <Match when={b.kind === "p" && b}>{(p) => <p>{p().text}</p>}</Match>
            <Match when={b.kind === "ul" && b}>
              {(ul) => (
                <ul>
                  <For each={ul().items}>{(i) => <li>{i}</li>}</For>
                </ul>
              )}
            </Match>
            <Match when={b.kind === "table" && b}>
              {(t) => (
                <>
                  {/* On a phone a wide table does not fit: each row is a card; paper gets the table. */}
                  <ul class="paper-cards screen-only" aria-label={t().caption}>
                    <For each={t().rows}>
                      {(row) => (
                        <li class="paper-card">
                          <strong>{row[0]}</strong>
                          <dl>
                            <For each={row.slice(1)}>
                              {(cell, i) =>
                                cell === "" ? null : (
                                  <>
                                    <dt>{t().head[i() + 1]}</dt>
                                    <dd>{cell}</dd>
                                  </>
                                )
                              }
                            </For>
                          </dl>
                        </li>
                      )}
                    </For>
                  </ul>
                  <table class="print-only" classList={{ signatures: t().signatures === true }}>
                    <caption class="sr-only">{t().caption}</caption>
                    <thead>
                      <tr>
                        <For each={t().head}>{(h) => <th scope="col">{h}</th>}</For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={t().rows}>
                        {(row) => (
                          <tr>
                            <For each={row}>{(c) => <td>{c}</td>}</For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </>
              )}
            </Match>
          </Switch>
        )}
      </For>
    </article>
  );
}
