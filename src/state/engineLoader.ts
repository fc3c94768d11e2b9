/**
 * The two things the app state starts, each once: the device's own IndexedDB (enough for the
 * first screen: who I am, my pools) and the engine (engine.ts: sync, Automerge and its wasm) with
 * its services, loaded behind it. Only the engine's type is imported here: the engine itself comes
 * with `import()`, so nothing on the first screen waits for Automerge (tests/e2e/firstScreen.test.ts).
 */
import { type Device, openDevice } from "./device.ts";
import type { Engine } from "./engine.ts";
import type { Services } from "./services.ts";

/** The engine and the services it runs on, once loaded. */
export interface Started {
  engine: Engine;
  services: Services;
}

export interface EngineLoader {
  /** Opens the device's store; the first call opens it, later calls share that opening. */
  openDevice(): Promise<Device>;
  /** The engine and its services: loaded once, by boot or by the first command that needs them. */
  startSync(): Promise<Started>;
  /** The device's store: there once the first screen is (boot's first step). */
  needDevice(): Device;
  device(): Device | undefined;
  engine(): Engine | undefined;
  services(): Services | undefined;
}

/**
 * @param onStarted runs once the engine is here, before any caller of `startSync` goes on, so
 * what is built from the engine (the floods) is there for them.
 */
export function createEngineLoader(report: (e: unknown) => void, onStarted: (started: Started) => void): EngineLoader {
  let device: Device | undefined;
  let deviceOpening: Promise<Device> | undefined;
  let services: Services | undefined;
  let engine: Engine | undefined;
  let syncStarting: Promise<Started> | undefined;

  function openDeviceOnce(): Promise<Device> {
    deviceOpening ??= openDevice().then((d) => {
      device = d;
      return d;
    });
    return deviceOpening;
  }

  function startSync(): Promise<Started> {
    syncStarting ??= (async () => {
      const [loaded, opened] = await Promise.all([import("./engine.ts"), openDeviceOnce()]);
      const started = await loaded.startServices(opened, report);
      services = started;
      engine = loaded;
      onStarted({ engine: loaded, services: started });
      return { engine: loaded, services: started };
    })();
    return syncStarting;
  }

  return {
    openDevice: openDeviceOnce,
    startSync,
    needDevice() {
      if (!device) throw new Error("the app has not started yet");
      return device;
    },
    device: () => device,
    engine: () => engine,
    services: () => services,
  };
}
