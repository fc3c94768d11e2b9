import { createSignal, For, Show } from "solid-js";
import type { PoolActions } from "../../state/poolActions.ts";
import { QrCode } from "../components/QrCode.tsx";
import { canvasOfImage, decodeQr } from "../components/qrDecode.ts";
import { href } from "../router.ts";

/** My ballot as a QR code, for a chair collecting ballots with no network at all. */
export function MyBallot(props: { proposal: string; actions: PoolActions }) {
  const [shown, setShown] = createSignal(false);
  const ballot = () => props.actions.ballot(props.proposal);
  return (
    <Show when={ballot()}>
      {(text) => (
        <div>
          <button type="button" class="wide" aria-expanded={shown()} onClick={() => setShown(!shown())}>
            {shown() ? "Hide my ballot" : "Show my ballot as a QR code"}
          </button>
          <Show when={shown()}>
            <p class="small muted">
              No network? The chair scans this to count your vote. It holds your signed vote and nothing else.
            </p>
            <QrCode text={text()} label="QR code of your ballot" />
            <details>
              <summary>My ballot as text</summary>
              <p class="small muted">
                To send another way (a message, Bluetooth): the chair adds it with “Or paste a ballot”.
              </p>
              <textarea readOnly aria-label="My ballot as text" class="mono ballot-text" value={text()} />
            </details>
          </Show>
        </div>
      )}
    </Show>
  );
}

/**
 * A ballot without the live camera: from a photo of the voter's screen, or pasted as text.
 * `onText` gets what was read; `onProblem` hears about a photo with no QR code in it.
 */
export function BallotFallbacks(props: {
  onText: (text: string) => Promise<unknown>;
  onProblem: (message: string) => void;
}) {
  const [pasted, setPasted] = createSignal("");
  const fromPhoto = async (file: File) => {
    const text = await decodeQr(await canvasOfImage(file));
    if (text) await props.onText(text);
    else props.onProblem("No QR code found in that photo. Try again closer, with the whole code in view.");
  };
  return (
    <>
      <label for="ballot-photo">Or add a ballot from a photo</label>
      <input
        id="ballot-photo"
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void fromPhoto(file);
        }}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void props.onText(pasted()).then(() => setPasted(""));
        }}
      >
        <label for="ballot-text">Or paste a ballot</label>
        <input
          id="ballot-text"
          autocomplete="off"
          spellcheck={false}
          value={pasted()}
          onInput={(e) => setPasted(e.currentTarget.value)}
        />
        <button type="submit" class="wide" disabled={pasted().trim() === ""}>
          Add ballot
        </button>
      </form>
    </>
  );
}

/**
 * The chair's side, inside a proposal: a way to the Collect ballots screen (the live camera)
 * and the meeting view, and ballots from a photo or pasted as text. Each one is checked on this
 * phone before it counts; the count above updates as they come in.
 */
export function CollectBallots(props: { actions: PoolActions; poolId?: string; proposal?: string }) {
  const [log, setLog] = createSignal<{ ok: boolean; text: string }[]>([]);
  const note = (ok: boolean, text: string) => setLog([{ ok, text }, ...log()].slice(0, 8));
  const add = async (text: string) => {
    const r = await props.actions.addBallot(text);
    note(r.ok, r.ok ? r.value.message : r.error);
  };
  return (
    <section aria-label="Collect ballots">
      <p class="small">
        At a meetup with no signal, scan each voter's ballot QR code. Each ballot is checked on this phone; forged ones
        are refused.
      </p>
      <Show when={props.poolId && props.proposal}>
        <div class="actions">
          <a
            class="button primary"
            href={href("pool", props.poolId ?? "", "proposal", props.proposal ?? "", "collect")}
          >
            Scan ballots with the camera
          </a>
          <a class="button" href={href("pool", props.poolId ?? "", "proposal", props.proposal ?? "", "meeting")}>
            Meeting view
          </a>
        </div>
      </Show>
      <BallotFallbacks onText={add} onProblem={(m) => note(false, m)} />
      <ul class="list" aria-live="polite" aria-label="Ballots added">
        <For each={log()}>{(l) => <li class={l.ok ? "small" : "small notice error"}>{l.text}</li>}</For>
      </ul>
    </section>
  );
}
