import { For } from "solid-js";

/**
 * A ranking a thumb can drag and a keyboard or screen reader can move: each option has a handle
 * to drag (pointer events, so it works with touch as well as a mouse) and "Move up" / "Move down"
 * buttons. Options are shown most preferred first.
 */
export function RankingList(props: { options: string[]; order: number[]; onChange: (order: number[]) => void }) {
  let list: HTMLOListElement | undefined;
  const move = (from: number, to: number) => {
    if (to < 0 || to >= props.order.length || from === to) return;
    const next = [...props.order];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item as number);
    props.onChange(next);
  };
  /** The place among the items that a pointer at `y` points to. */
  const placeAt = (y: number): number => {
    const items = [...(list?.children ?? [])] as HTMLElement[];
    const i = items.findIndex((el) => {
      const r = el.getBoundingClientRect();
      return y < r.top + r.height / 2;
    });
    return i < 0 ? items.length - 1 : i;
  };
  const startDrag = (from: number, e: PointerEvent) => {
    const handle = e.currentTarget as HTMLElement;
    handle.setPointerCapture(e.pointerId);
    e.preventDefault();
    let at = from;
    const onMove = (ev: PointerEvent) => {
      const to = placeAt(ev.clientY);
      if (to !== at) {
        move(at, to);
        at = to;
      }
    };
    // On the window, not the handle: moving the item in the list takes it out of the page for
    // a moment, which ends the handle's pointer capture.
    const onUp = () => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      window.removeEventListener("pointercancel", onUp);
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onUp);
  };
  return (
    <ol class="ranking" ref={list} aria-label="Your ranking, most preferred first">
      <For each={props.order}>
        {(option, i) => (
          <li class="ranking-item" data-option={option}>
            <span class="drag-handle" aria-hidden="true" onPointerDown={(e) => startDrag(i(), e)}>
              ⠿
            </span>
            <span class="grow">
              <span class="rank">{i() + 1}.</span> {props.options[option]}
            </span>
            <button
              type="button"
              aria-label={`Move ${props.options[option]} up`}
              disabled={i() === 0}
              onClick={() => move(i(), i() - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`Move ${props.options[option]} down`}
              disabled={i() === props.order.length - 1}
              onClick={() => move(i(), i() + 1)}
            >
              ↓
            </button>
          </li>
        )}
      </For>
    </ol>
  );
}
