/** What the run domain needs from the app's configuration (parsed once in the app's env.ts). */
export interface RunSettings {
  /** Run directories live under `<dataDir>/runs/<run_id>/`. */
  dataDir: string;
  tunixCli: string;
  runTimeoutSeconds: number;
  /** Between SIGTERM and SIGKILL on cancel, timeout and shutdown. */
  cancelGraceSeconds: number;
  /** How often an executing process refreshes `heartbeat_at` and the reaper looks for orphans. */
  heartbeatSeconds: number;
  /** A running run whose heartbeat is older than this is orphaned. */
  staleSeconds: number;
  /** Idle poll of the queue; other processes' jobs are picked up within this delay. */
  queuePollMs: number;
  /** Local (training) runs executed at once by this process's worker. */
  workerConcurrency: number;
  /** Dry-runs executed at once; their own lane, so validations never wait behind trainings. */
  dryRunConcurrency: number;
  /** On SIGTERM a worker lets in-flight runs finish this long, then kills and requeues them. */
  shutdownGraceSeconds: number;
}

/** Hyperparameters and request facts kept in `tunix_runs.config` (the reference lost them). */
export interface RunConfig {
  learning_rate: number;
  num_epochs: number;
  batch_size: number;
  max_seq_length: number;
  /** The caller's output_dir, or null when the default was derived from the run id. */
  requested_output_dir: string | null;
  execution: 'sync' | 'async';
}
