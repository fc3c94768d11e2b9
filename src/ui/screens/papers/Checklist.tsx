import { For, Show } from "solid-js";
import { FORMATION_PATHS, NOT_LEGAL_ADVICE, type PaperKind } from "../../formation/checklists.ts";
import { href } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";
import "./papers.css";

const PAPER: Record<PaperKind, { label: string; section: string[] }> = {
  register: { label: "Member register", section: ["papers", "register"] },
  agreement: { label: "Operating agreement", section: ["papers", "agreement"] },
  resolutions: { label: "Resolutions", section: ["papers", "resolutions"] },
  ledger: { label: "Ledger export", section: ["ledger"] },
};

/** A guided list of the steps for each common legal form, with what the pool's papers supply. */
export function Checklist(props: PoolScreenProps) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="more"
      back={href("pool", props.poolId, "papers")}
      title={() => "Formation checklist"}
    >
      {() => (
        <>
          <p class="notice warn" role="note">
            <strong>Not legal advice.</strong> {NOT_LEGAL_ADVICE}
          </p>
          <p>
            Choose the form that fits your group. Each step says what it costs and which of the pool's papers it needs.
          </p>
          <For each={FORMATION_PATHS}>
            {(path) => (
              <details class="card checklist" id={`form-${path.id}`}>
                <summary>
                  <strong>{path.title}</strong>
                  <span class="hint">{path.summary}</span>
                </summary>
                <p>
                  <strong>Cost:</strong> {path.cost.text} (approximate, {path.cost.asOf}).
                </p>
                <h3>Before you start</h3>
                <ul>
                  <For each={path.warnings}>{(w) => <li>{w}</li>}</For>
                </ul>
                <h3>Steps</h3>
                <ol class="steps">
                  <For each={path.steps}>
                    {(step) => (
                      <li>
                        <strong>{step.title}</strong>
                        <p>{step.detail}</p>
                        <Show when={step.cost}>
                          {(c) => (
                            <p class="small">
                              Cost: {c().text} (approximate, {c().asOf}).
                            </p>
                          )}
                        </Show>
                        <Show when={step.papers?.length}>
                          <p class="small">
                            From the pool:{" "}
                            <For each={step.papers}>
                              {(k, i) => (
                                <>
                                  {i() > 0 ? ", " : ""}
                                  <a href={href("pool", props.poolId, ...PAPER[k].section)}>{PAPER[k].label}</a>
                                </>
                              )}
                            </For>
                          </p>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
                <p class="small">{NOT_LEGAL_ADVICE}</p>
              </details>
            )}
          </For>
        </>
      )}
    </PoolFrame>
  );
}
