import { Show } from "solid-js";

interface Action {
  busy(): boolean;
  run(): Promise<unknown>;
}

/**
 * The two steps that make a result final, for proposals and budget rounds alike: any member
 * seals it after the close, and another member confirms the seal. When this phone cannot
 * confirm yet, it says why.
 */
export function SealActions(props: {
  sealLabel: string;
  canSeal: boolean;
  canConfirm: boolean;
  seal: Action;
  confirm: Action;
  /** Shown when someone else's seal is here but this phone cannot confirm it yet. */
  whyNot?: string;
  whyNotTestId?: string;
}) {
  return (
    <>
      <div class="actions">
        <Show when={props.canSeal}>
          <button class="primary" type="button" disabled={props.seal.busy()} onClick={() => void props.seal.run()}>
            {props.sealLabel}
          </button>
        </Show>
        <Show when={props.canConfirm}>
          <button
            class="primary"
            type="button"
            disabled={props.confirm.busy()}
            onClick={() => void props.confirm.run()}
          >
            Confirm the result
          </button>
        </Show>
      </div>
      <Show when={props.whyNot}>
        <p class="small muted" data-testid={props.whyNotTestId}>
          {props.whyNot}
        </p>
      </Show>
    </>
  );
}
