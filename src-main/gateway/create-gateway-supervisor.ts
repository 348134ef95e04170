import type { Gateway } from '../../src-gateway/index.ts';
import { createEventBus, type EventBus } from '../../src-gateway/events/create-event-bus.ts';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import type { AdminEvent, AdminEventData } from '../../src-shared/contract/events.ts';
import { describeListenError } from './describe-listen-error.ts';

export type GatewayStatus = 'starting' | 'running' | 'paused' | 'error' | 'stopped';

export interface SupervisorState {
  status: GatewayStatus;
  /** Where clients reach it while running. */
  url: string | null;
  host: string;
  port: number;
  /** What went wrong, in a sentence (status `error`). */
  error?: string;
}

export interface ListenAddress {
  host: string;
  port: number;
}

export interface GatewaySupervisorOptions {
  /** A new gateway on the open database, listening (once started) on `listen`. */
  createGateway(listen: ListenAddress): Promise<Gateway>;
  /** Where to listen now (the preferences). */
  listenAddress(): ListenAddress;
  /**
   * The port is taken: offer another (the dialog). Answers the port to use, already stored in the
   * preferences, or undefined to stay stopped with the error.
   */
  onPortInUse(listen: ListenAddress): Promise<number | undefined>;
  onStateChanged(state: SupervisorState): void;
  /** The gateway was restarted after an error (the notice). */
  onRestarted(error: unknown): void;
  logger: Logger;
  now?: () => number;
  /** More restarts than this within the window and the supervisor gives up (status `error`). */
  restartLimit?: { count: number; windowMs: number };
}

export interface GatewaySupervisor {
  /** Start (or resume): a fresh gateway on the current address. */
  start(): Promise<void>;
  /** Stop listening; configuration stays manageable through the stopped gateway. */
  pause(): Promise<void>;
  /** Stop and start again (a new port or address). */
  restart(): Promise<void>;
  /** The process caught an error the gateway threw: restart it, within the limit. */
  recover(error: unknown): Promise<void>;
  /** Stop for good (quitting). */
  shutdown(): Promise<void>;
  state(): SupervisorState;
  /** The gateway now (running, paused or failed to listen); undefined when it could not be built. */
  gateway(): Gateway | undefined;
  /** The current gateway's events, followed across restarts (for the window). */
  readonly events: EventBus;
  /** What a new window is sent first. */
  initialEvents(): AdminEvent[];
}

/**
 * Runs the gateway inside the app: each start builds a fresh one (a stopped gateway's background
 * work is closed for good), a port in use asks for another, an error the gateway throws restarts
 * it with a notice (at most `restartLimit.count` times per window, then it stays stopped and says
 * why). Operations run one at a time, in order.
 */
export function createGatewaySupervisor(options: GatewaySupervisorOptions): GatewaySupervisor {
  const now = options.now ?? Date.now;
  const limit = options.restartLimit ?? { count: 3, windowMs: 10 * 60_000 };
  const events = createEventBus();
  let current: Gateway | undefined;
  // A paused gateway is already stopped; stopping it twice would close its parts twice.
  let currentStopped = false;
  let detach: (() => void) | undefined;
  let state: SupervisorState = { status: 'stopped', url: null, ...options.listenAddress() };
  let restarts: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  let finished = false;

  // Follow the current gateway's events only while the window listens: its live statistics run
  // only while someone does.
  const attach = () => {
    if (current && !detach && events.listenerCount() > 0) {
      const source = current;
      detach = source.events.subscribe((event) => events.emit(event.name, event.data as never));
    }
  };
  events.onListenersChanged((count) => {
    if (count > 0) attach();
    else {
      detach?.();
      detach = undefined;
    }
  });

  function setState(next: SupervisorState) {
    state = next;
    if (next.status === 'error') events.emit('gatewayState', errorEvent(next));
    options.onStateChanged(next);
  }

  function serial(work: () => Promise<void>): Promise<void> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Stop the current gateway (the window still hears it stop) and let go of it. */
  async function retire() {
    if (current && !currentStopped)
      await current
        .stop()
        .catch((error: unknown) => options.logger.warn({ err: error }, 'stopping the gateway failed'));
    detach?.();
    detach = undefined;
    current = undefined;
  }

  async function startNow(): Promise<void> {
    await retire();
    let listen = options.listenAddress();
    setState({ status: 'starting', url: null, ...listen });
    for (let offers = 0; ; offers++) {
      try {
        current = await options.createGateway(listen);
        currentStopped = false;
      } catch (error) {
        options.logger.error({ err: error }, 'the gateway could not be built');
        setState({
          status: 'error',
          url: null,
          ...listen,
          error: describeListenError(error, listen.host, listen.port),
        });
        return;
      }
      attach();
      try {
        const { url } = await current.start();
        setState({ status: 'running', url, ...listen });
        return;
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        const port = inUse && offers < 3 ? await options.onPortInUse(listen) : undefined;
        if (port === undefined) {
          options.logger.warn({ err: error, ...listen }, 'the gateway could not listen');
          setState({
            status: 'error',
            url: null,
            ...listen,
            error: describeListenError(error, listen.host, listen.port),
          });
          return;
        }
        await retire();
        listen = { host: listen.host, port };
      }
    }
  }

  return {
    events,
    state: () => state,
    gateway: () => current,
    initialEvents() {
      const initial = current?.initialEvents() ?? [];
      if (state.status !== 'error') return initial;
      return [
        { name: 'gatewayState', data: errorEvent(state) },
        ...initial.filter((event) => event.name !== 'gatewayState'),
      ];
    },
    start: () =>
      serial(async () => {
        if (!finished) await startNow();
      }),
    pause: () =>
      serial(async () => {
        if (finished || state.status !== 'running' || !current) return;
        await current.stop();
        currentStopped = true;
        setState({ status: 'paused', url: null, ...options.listenAddress() });
      }),
    restart: () =>
      serial(async () => {
        if (!finished) await startNow();
      }),
    recover: (error) =>
      serial(async () => {
        if (finished) return;
        options.logger.error({ err: error }, 'the gateway threw; restarting it');
        restarts = [...restarts.filter((at) => now() - at < limit.windowMs), now()];
        if (restarts.length > limit.count) {
          await retire();
          const message = error instanceof Error ? error.message : String(error);
          setState({
            status: 'error',
            url: null,
            ...options.listenAddress(),
            error: `The gateway stopped after ${limit.count} restarts in a row (${message}). See the logs folder.`,
          });
          return;
        }
        await startNow();
        options.onRestarted(error);
      }),
    shutdown: () =>
      serial(async () => {
        finished = true;
        await retire();
        setState({ status: 'stopped', url: null, ...options.listenAddress() });
      }),
  };
}

function errorEvent(state: SupervisorState): AdminEventData<'gatewayState'> {
  return {
    state: 'error',
    url: null,
    lanUrl: null,
    startedAt: null,
    error: state.error ?? 'The gateway is not running',
  };
}
