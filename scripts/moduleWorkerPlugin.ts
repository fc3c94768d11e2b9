/**
 * Builds the service worker as a second entry of the app's own build (a module worker), so it
 * imports the app's hashed chunks instead of carrying a second copy of sync, Automerge's
 * JavaScript and the core. Three duties:
 *
 * - it tells the chunk groups (vite.config.ts) which modules the first screen loads statically
 *   and which the worker does: a module both need goes to a chunk of its own ("shared"), so the
 *   worker never imports the first screen's chunk (whose top level renders the app);
 * - after the bundle is rendered it fails the build if a chunk the worker imports holds a screen
 *   or the entry script: those touch the page at their top level and would stop the worker;
 * - once the files are written it replaces `self.__WB_MANIFEST` in the worker with the list of
 *   files to precache, revisioned like Workbox's: `null` for hashed files under assets/ (their
 *   name changes with their content), an MD5 of the content otherwise.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Plugin, ResolvedConfig } from "vite";

export interface ModuleWorkerOptions {
  /** The worker's entry name in `build.rolldownOptions.input` (its output is `<name>.js` at the root). */
  name: string;
  /** Its source, from the project's root; the files of its folder are the worker's own. */
  entry: string;
  /** Files to precache, relative to the build's folder. */
  precache: RegExp;
  /** Files never precached (the workers themselves). */
  skip: RegExp;
}

export interface ModuleWorker {
  plugin: Plugin;
  /** Statically loaded by the page's entry (index.html). */
  inFirstScreen(id: string): boolean;
  /** Statically loaded by the worker, its own entry files excepted. */
  inWorker(id: string): boolean;
  /** For `build.rolldownOptions.input`. */
  input: Record<string, string>;
}

const INJECTION_POINT = "self.__WB_MANIFEST";
/** A module that touches the page when it loads: a screen, a component, the entry script. */
const PAGE_ONLY = /[\\/]src[\\/]ui[\\/](?!platform[\\/]|sw[\\/])|[\\/]src[\\/]main\.tsx$|modulepreload-polyfill/;
const HASHED = /^assets\/.+-[\w-]{8}\.\w+$/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(full) : d.isFile() ? [full] : [];
  });
}

export function moduleWorker(o: ModuleWorkerOptions): ModuleWorker {
  let config: ResolvedConfig;
  const firstScreen = new Set<string>();
  const worker = new Set<string>();
  const workerOwn = new Set<string>();
  // closeBundle runs after a failed build too; only a written bundle gets its manifest.
  let written = false;
  const plugin: Plugin = {
    name: "pools-module-worker",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    buildEnd() {
      const closure = (from: string, into: Set<string>) => {
        const todo = [from];
        while (todo.length > 0) {
          const id = todo.pop() as string;
          if (into.has(id)) continue;
          into.add(id);
          todo.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
      };
      const entry = path.resolve(config.root, o.entry);
      for (const id of this.getModuleIds()) {
        if (!this.getModuleInfo(id)?.isEntry) continue;
        closure(id, path.resolve(id) === entry ? worker : firstScreen);
      }
      const own = path.dirname(entry) + path.sep;
      for (const id of worker) if (id.startsWith(own)) workerOwn.add(id);
      if (worker.size === 0) this.error(`the service worker entry "${o.name}" is not in the build's input`);
    },
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c]] : [])));
      const entry = chunks.get(`${o.name}.js`);
      if (!entry?.isEntry) return this.error(`the service worker was not emitted as ${o.name}.js`);
      const seen = new Set<string>();
      const todo = [...entry.imports];
      while (todo.length > 0) {
        const file = todo.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        const chunk = chunks.get(file);
        if (!chunk) continue;
        const page = Object.keys(chunk.modules).find((id) => PAGE_ONLY.test(id));
        if (page) {
          const wanted = Object.keys(chunk.modules).filter((id) => worker.has(id));
          this.error(`the service worker imports ${file} (for ${wanted.join(", ")}), which holds ${page}`);
        }
        todo.push(...chunk.imports);
      }
    },
    writeBundle() {
      written = true;
    },
    closeBundle: {
      order: "post",
      sequential: true,
      handler() {
        if (!written) return;
        const outDir = path.resolve(config.root, config.build.outDir);
        const file = path.join(outDir, `${o.name}.js`);
        const code = fs.readFileSync(file, "utf8");
        if (!code.includes(INJECTION_POINT)) throw new Error(`${file} does not read ${INJECTION_POINT}`);
        const entries = filesUnder(outDir)
          .map((f) => path.relative(outDir, f).split(path.sep).join("/"))
          .filter((url) => o.precache.test(url) && !o.skip.test(url))
          .sort()
          .map((url) => ({
            url,
            revision: HASHED.test(url)
              ? null
              : crypto
                  .createHash("md5")
                  .update(fs.readFileSync(path.join(outDir, url)))
                  .digest("hex"),
          }));
        fs.writeFileSync(file, code.replace(INJECTION_POINT, JSON.stringify(entries)));
      },
    },
  };
  return {
    plugin,
    inFirstScreen: (id) => firstScreen.has(id),
    inWorker: (id) => worker.has(id) && !workerOwn.has(id),
    input: { [o.name]: o.entry },
  };
}
