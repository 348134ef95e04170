/** The slice of autocannon's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface HistogramSummary {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p99: number;
  }
  interface AutocannonResult {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    requests: HistogramSummary;
    latency: HistogramSummary;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeout?: number;
  }
  /** Without a callback the run is a thenable tracker that also emits events. */
  interface AutocannonInstance extends Promise<AutocannonResult> {
    /** Each response: its connection's client object, status, bytes and response time in milliseconds. */
    on(
      event: 'response',
      listener: (
        client: object,
        statusCode: number,
        responseBytes: number,
        responseMilliseconds: number,
      ) => void,
    ): void;
  }
  function autocannon(options: AutocannonOptions): AutocannonInstance;
  export = autocannon;
}
