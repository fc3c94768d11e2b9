import { type JSX, Show } from "solid-js";

/** A plain sentence in a box; errors are announced to screen readers. */
export function Notice(props: { kind?: "info" | "warn" | "error" | "ok"; children: JSX.Element }) {
  return (
    <div class={`notice ${props.kind ?? ""}`} role={props.kind === "error" ? "alert" : undefined}>
      {props.children}
    </div>
  );
}

export function ErrorText(props: { error: string | undefined }) {
  return (
    <Show when={props.error}>
      <Notice kind="error">{props.error}</Notice>
    </Show>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <p class="empty">{props.children}</p>;
}
