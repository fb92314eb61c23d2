import type { Migration } from 'kysely';
import * as m001 from './001_traces_scores';
import * as m002 from './002_datasets';
import * as m003 from './003_tunix_runs';
import * as m004 from './004_run_logs_metrics';
import * as m005 from './005_trace_list_covering';

/** Ordered by name; add a new numbered file and list it here. Never edit an applied one. */
export const migrations: Record<string, Migration> = {
  '001_traces_scores': m001,
  '002_datasets': m002,
  '003_tunix_runs': m003,
  '004_run_logs_metrics': m004,
  '005_trace_list_covering': m005,
};
