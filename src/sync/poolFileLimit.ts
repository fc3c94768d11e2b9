/**
 * The largest pool file a phone reads: four times the largest document a relay keeps by default
 * (64 MiB), so no pool's file comes near it. Apart from poolFile.ts so that the app checks a
 * file's size before reading it, without loading the file format.
 */
export const MAX_POOL_FILE_BYTES = 256 * 1024 * 1024;
