import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// CPU accounting from /proc (Linux): what a scenario costs in CPU time, per process group, so
// a throughput can be set against what the machine's cores could do at best.

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux build we run). */
const USER_HZ = 100;

/** utime + stime (+ waited-for children, which is how exited PostgreSQL backends are counted). */
function procCpuSeconds(pid: number, withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / USER_HZ;
  } catch {
    return 0; // gone, or not Linux
  }
}

function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
        total += procCpuSeconds(Number(entry), true);
      }
    } catch {}
  }
  return total;
}

export interface CpuGroups {
  [group: string]: number[];
}

export type CpuSnapshot = Record<string, number>;

/** CPU seconds so far of each group of pids, of this process (the load generator) and of PostgreSQL. */
export function cpuSnapshot(groups: CpuGroups, withPostgres: boolean): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, pids] of Object.entries(groups)) out[name] = pids.reduce((s, p) => s + procCpuSeconds(p, false), 0);
  const self = process.cpuUsage();
  out['load generator'] = (self.user + self.system) / 1e6;
  if (withPostgres) out.PostgreSQL = postgresCpuSeconds();
  return out;
}

/** CPU milliseconds per unit of work, by group, between two snapshots. */
export function cpuPerUnit(before: CpuSnapshot, after: CpuSnapshot, units: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, ((after[k]! - (before[k] ?? 0)) * 1000) / units]));
}

/** Units per second the machine's cores could do if they did nothing but this work. */
export function cpuBound(perUnitMs: Record<string, number>): { cores: number; perSecond: number; totalMs: number } {
  const totalMs = Object.values(perUnitMs).reduce((a, b) => a + b, 0);
  const cores = availableParallelism();
  return { cores, totalMs, perSecond: totalMs > 0 ? (cores * 1000) / totalMs : Number.POSITIVE_INFINITY };
}
