/**
 * A build step (Vite plugin) that writes a brotli (`.br`) and a gzip (`.gz`) copy next to every
 * compressible file of the build, once, at the highest settings: the relay sends them as they
 * are (sync-server/staticFiles.ts), so a phone gets Automerge's 3.6 MB wasm as about 0.8 MB and
 * the relay never compresses on the fly. Runs after every other plugin has written its files
 * (the service worker included). A copy that is not smaller than the file is not written.
 *
 * A dozen lines of node:zlib instead of a plugin from npm: nothing to install, nothing to audit.
 */
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";

const COMPRESSIBLE = /\.(js|mjs|css|html|wasm|svg|json|webmanifest|txt|xml|map)$/;
/** Below this the headers outweigh the saving. */
const MIN_BYTES = 512;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(full) : d.isFile() ? [full] : [];
  });
}

export async function precompressFile(file: string): Promise<void> {
  const bytes = await fs.promises.readFile(file);
  if (bytes.length < MIN_BYTES) return;
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith(".wasm")
          ? zlib.constants.BROTLI_MODE_GENERIC
          : zlib.constants.BROTLI_MODE_TEXT,
      },
    }),
    gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ]);
  if (br.length < bytes.length) await fs.promises.writeFile(`${file}.br`, br);
  if (gz.length < bytes.length) await fs.promises.writeFile(`${file}.gz`, gz);
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "pools-precompress",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      order: "post",
      sequential: true,
      async handler() {
        const outDir = path.resolve(config.root, config.build.outDir);
        const files = filesUnder(outDir).filter((f) => COMPRESSIBLE.test(f));
        await Promise.all(files.map(precompressFile));
      },
    },
  };
}
