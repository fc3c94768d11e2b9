import { For } from "solid-js";
import { href } from "../router.ts";

const TABS = [
  { key: "", label: "Overview", icon: "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" },
  { key: "proposals", label: "Proposals", icon: "M5 4h14v16H5zM8 9l2 2 4-4M8 15h8" },
  { key: "ledger", label: "Ledger", icon: "M4 5h16v14H4zM4 10h16M9 14h6" },
  {
    key: "members",
    label: "Members",
    icon: "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M17 11a2.5 2.5 0 1 0 0-5M21 20a5 5 0 0 0-4-5",
  },
  { key: "more", label: "More", icon: "M5 12h.01M12 12h.01M19 12h.01" },
] as const;

/** The pool's sections at the bottom of the screen, where a thumb reaches. */
export function PoolTabs(props: { poolId: string; current: string }) {
  return (
    <nav class="tabs" aria-label="Pool sections">
      <ul>
        <For each={TABS}>
          {(t) => (
            <li>
              <a
                href={t.key ? href("pool", props.poolId, t.key) : href("pool", props.poolId)}
                aria-current={props.current === t.key ? "page" : undefined}
              >
                <svg
                  viewBox="0 0 24 24"
                  aria-hidden="true"
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                >
                  <path d={t.icon} />
                </svg>
                <span class="tab-label">{t.label}</span>
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
