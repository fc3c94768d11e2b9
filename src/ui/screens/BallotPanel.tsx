import { createSignal, For, Show } from "solid-js";
import type { PoolActions } from "../../state/poolActions.ts";
import { CameraScanner } from "../components/CameraScanner.tsx";
import { QrCode } from "../components/QrCode.tsx";
import { canvasOfImage, decodeQr } from "../components/qrDecode.ts";

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
          </Show>
        </div>
      )}
    </Show>
  );
}

/**
 * The chair's side: scan ballots with the camera (or from a photo, or pasted as text). Each one
 * is checked on this phone before it counts; the count above updates as they come in.
 */
export function CollectBallots(props: { actions: PoolActions }) {
  const [scanning, setScanning] = createSignal(false);
  const [log, setLog] = createSignal<{ ok: boolean; text: string }[]>([]);
  const [pasted, setPasted] = createSignal("");
  const note = (ok: boolean, text: string) => setLog([{ ok, text }, ...log()].slice(0, 8));
  const add = async (text: string) => {
    const r = await props.actions.addBallot(text);
    note(r.ok, r.ok ? r.value.message : r.error);
  };
  const fromPhoto = async (file: File) => {
    const text = await decodeQr(await canvasOfImage(file));
    if (text) await add(text);
    else note(false, "No QR code found in that photo. Try again closer, with the whole code in view.");
  };
  return (
    <section aria-label="Collect ballots">
      <p class="small">
        At a meetup with no signal, scan each voter's ballot QR code. Each ballot is checked on this phone; forged ones
        are refused.
      </p>
      <button type="button" class="wide" aria-expanded={scanning()} onClick={() => setScanning(!scanning())}>
        {scanning() ? "Stop scanning" : "Scan ballots with the camera"}
      </button>
      <Show when={scanning()}>
        <CameraScanner label="Camera view for scanning ballots" onCode={(t) => void add(t)} />
      </Show>
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
          void add(pasted()).then(() => setPasted(""));
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
      <ul class="list" aria-live="polite" aria-label="Ballots added">
        <For each={log()}>{(l) => <li class={l.ok ? "small" : "small notice error"}>{l.text}</li>}</For>
      </ul>
    </section>
  );
}
