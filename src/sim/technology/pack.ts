import type { FaultKind, ServiceKind, Technology } from '../../contracts/index.js';
import type { ConfigValue, MetricName } from '../state.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/**
 * One log line as a technology writes it: level, message with {placeholders}, and the component that writes it
 * (a Java logger, a MongoDB component, a Kafka class, a MySQL subsystem…) where the format has one.
 */
export type Template = readonly [LogLevel, string] | readonly [LogLevel, string, string];

/** Wall-clock pieces of one log line's time, computed from the simulated minute without Date. */
export interface Stamp {
  /** 2026-03-14 */
  date: string;
  /** 02:10:05 */
  time: string;
  /** Milliseconds within the second, 0–999. */
  ms: number;
  /** Microseconds within the second (for formats with µs precision), 0–999999. */
  us: number;
  /** Unix epoch milliseconds. */
  epoch_ms: number;
}

/** What a format needs beside the message: who wrote the line and when. */
export interface FormatInput {
  stamp: Stamp;
  level: LogLevel;
  message: string;
  /** Component/logger/class from the template, or the pack's default. */
  origin: string;
  /** Pod (replica) name, stable for the life of the replica. */
  pod: string;
  /** Process id as the software prints it. */
  pid: number;
  /** Thread / connection / worker number of this line (a small per-line id). */
  thread: number;
  /** The service writing the line. */
  service: string;
}

/**
 * A technology pack: everything a service running this software shows an operator. Packs are data; the
 * renderer fills placeholders from world state (see `render.ts` for the list of placeholders and their sources).
 */
export interface TechnologyPack {
  id: Technology;
  /** Product and version as operators name it. */
  name: string;
  /** Service kinds this technology can serve as. */
  kinds: readonly ServiceKind[];
  /** Programming language / runtime family of the process (one per service). */
  stack: 'java' | 'javascript' | 'go' | 'python' | 'c' | 'c++' | 'erlang' | 'scala' | 'external';
  /** Replicas are named `<service>-<ordinal>` (StatefulSet) rather than `<service>-<hash>-<suffix>` (Deployment). */
  statefulset: boolean;
  /** PID of the main process inside its container. */
  main_pid: number;
  /** Default component/logger when a template names none. */
  origin: string;
  /** Every line this technology writes matches this (the telemetry linter checks it). */
  line_pattern: RegExp;
  /** Renders one line exactly as the software writes it. */
  format(line: FormatInput): string;
  /** Lines of a quiet, healthy minute. */
  background: readonly Template[];
  /** Harmless lines that appear now and then (noise), if the software writes any. */
  noise?: readonly Template[];
  /** Lines per condition code (the part before ':' of a service condition). */
  conditions: Readonly<Record<string, readonly Template[]>>;
  /** Configuration keys this software has, with healthy default values. */
  config: Readonly<Record<string, ConfigValue>>;
  /** The name this software's exporter gives each monitored metric. */
  metric_names: Readonly<Partial<Record<MetricName, string>>>;
  /** Substrings only this technology writes: a line of another technology containing one is a lint violation. */
  signatures: readonly string[];
  /** Faults whose mechanism this software does not have (the technology is not chosen for a service that hosts one). */
  excludes?: readonly FaultKind[];
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `14 Mar 2026` from `2026-03-14`. */
export function dayMonYear(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d} ${MONTHS[Number(m) - 1] ?? 'Jan'} ${y}`;
}

export function ms3(n: number): string {
  return String(n).padStart(3, '0');
}

export function us6(n: number): string {
  return String(n).padStart(6, '0');
}
