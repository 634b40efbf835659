import type { JsonObject } from '../../asl/index.ts';
import type {
  ExecutionObserver,
  ExecutionWatch,
  HistoryEvent,
  ObservedExecution,
  StateMachineRecord,
} from '../../engine/index.ts';
import type { LogLevel } from './log-levels.ts';
import { logsEvent } from './log-levels.ts';
import { lineTail, logLine } from './log-record.ts';
import { readLoggedEvents } from './logged-events.ts';
import type { LogSink } from './log-sink.ts';
import { FileSink, OtlpSink, StdoutSink } from './log-sink.ts';
import { RecentExpress, RECENT_EXPRESS_EXECUTIONS } from './recent-express.ts';

/** Standard output, a file rotated at `maxBytes` keeping `maxFiles` old ones, or an OTLP/HTTP logs endpoint. */
export type LogDestination =
  | 'stdout'
  | { readonly file: string; readonly maxBytes?: number | undefined; readonly maxFiles?: number | undefined }
  | { readonly otlp: string };

export interface ExecutionLogsOptions {
  /** Where logs go unless their log group is mapped (default standard output). */
  readonly destination?: LogDestination | undefined;
  /** A log group ARN (with or without its `:*`) -> where that group's logs go. */
  readonly logGroups?: Readonly<Record<string, LogDestination>> | undefined;
}

/** A state machine's logging configuration, resolved: its level, data flag and sink. */
interface Logging {
  readonly level: LogLevel;
  readonly includeExecutionData: boolean;
  readonly sink: LogSink | undefined;
  readonly destination: LogDestination | undefined;
}

/** Rotated files a file destination keeps unless it says (FileSink's default too). */
const MAX_FILES = 5;

const OFF: Logging = { level: 'OFF', includeExecutionData: false, sink: undefined, destination: undefined };

/**
 * Execution logs as a state machine's `loggingConfiguration` asks (level ALL | ERROR | FATAL,
 * `includeExecutionData`), in CloudWatch Logs' record shape, as JSON lines. The log group ARN of
 * `destinations` picks the configured destination it maps to. Express executions are logged too:
 * for them, as on AWS, the log is the only history.
 */
export class ExecutionLogs implements ExecutionObserver {
  readonly #options: ExecutionLogsOptions;
  readonly #sinks = new Map<string, LogSink>();
  /** Each state machine record's resolved logging (a new record comes with every update). */
  readonly #resolved = new WeakMap<StateMachineRecord, Logging>();
  /** Express executions whose logs go to standard output keep their events here, for forks. */
  readonly #recent = new RecentExpress();

  constructor(options: ExecutionLogsOptions = {}) {
    this.#options = options;
  }

  expressEvents(stateMachine: StateMachineRecord): boolean {
    return this.#logging(stateMachine).level !== 'OFF';
  }

  /** Nothing to watch unless the execution's state machine logs (level OFF costs no call per event). */
  follow({ record, stateMachine }: ObservedExecution): ExecutionWatch | undefined {
    const { sink, level, includeExecutionData, destination } = this.#logging(stateMachine);
    if (!sink) return undefined;
    const tail = lineTail(record);
    if (!logFile(destination) && forkable(stateMachine, level, includeExecutionData)) {
      const keep = this.#recent.keep(record.executionArn);
      return {
        event: (event: HistoryEvent): void => {
          sink.write(logLine(event, tail, true));
          keep(event);
        },
      };
    }
    return {
      event: (event: HistoryEvent): void => {
        if (logsEvent(level, event.type)) sink.write(logLine(event, tail, includeExecutionData));
      },
    };
  }

  /**
   * An Express execution's events as its log holds them, for a fork (docs/fork-and-compare.md):
   * read from its log file and the rotated ones, or, when its log goes to standard output, from
   * the last Express executions kept in memory. A string says why they are not to be had.
   */
  loggedEvents(stateMachine: StateMachineRecord, executionArn: string): Promise<HistoryEvent[] | string> {
    const { level, includeExecutionData, destination } = this.#logging(stateMachine);
    if (level === 'OFF') {
      return Promise.resolve(
        "its state machine's loggingConfiguration level is OFF: nothing of it was logged",
      );
    }
    if (!forkable(stateMachine, level, includeExecutionData)) {
      return Promise.resolve(
        level !== 'ALL'
          ? `its state machine's loggingConfiguration level is ${level}, not ALL: its log holds only failures, not every event`
          : "its state machine's loggingConfiguration has includeExecutionData false: its log lacks the states' inputs and outputs",
      );
    }
    const file = logFile(destination);
    if (!file) {
      const kept = this.#recent.events(executionArn);
      const where =
        destination !== undefined && destination !== 'stdout' ? 'an OTLP endpoint' : 'standard output';
      return Promise.resolve(
        kept ??
          `its log went to ${where}, which Stepwise cannot read back, and it is no longer among the Express executions kept in memory since the server started (the last ${RECENT_EXPRESS_EXECUTIONS}, fewer when large); map its log group to a file (observability.logs.logGroups) to fork older ones`,
      );
    }
    return this.#fromFile(file, executionArn);
  }

  async #fromFile(destination: LogFile, executionArn: string): Promise<HistoryEvent[] | string> {
    await this.flush();
    let events;
    try {
      events = await readLoggedEvents(destination.file, destination.maxFiles ?? MAX_FILES, executionArn);
    } catch (e) {
      return `its log file ${destination.file} could not be read: ${e instanceof Error ? e.message : String(e)}`;
    }
    return events.length > 0
      ? events
      : `none of its events is in its log file ${destination.file} or the rotated ones: rotated away, or never logged there`;
  }

  /** Writes every queued line. */
  async flush(): Promise<void> {
    await Promise.all([...this.#sinks.values()].map((s) => s.flush()));
  }

  #logging(stateMachine: StateMachineRecord): Logging {
    let logging = this.#resolved.get(stateMachine);
    if (!logging) {
      logging = this.#resolve(stateMachine.loggingConfiguration);
      this.#resolved.set(stateMachine, logging);
    }
    return logging;
  }

  #resolve(config: JsonObject): Logging {
    const level = config['level'];
    if (level !== 'ALL' && level !== 'ERROR' && level !== 'FATAL') return OFF;
    const group = logGroupArn(config);
    const groups = this.#options.logGroups ?? {};
    const destination =
      (group === undefined
        ? undefined
        : (groups[group] ?? groups[group.replace(/:\*$/, '')] ?? groups[`${group}:*`])) ??
      this.#options.destination ??
      'stdout';
    return {
      level,
      includeExecutionData: config['includeExecutionData'] === true,
      sink: this.#sink(destination),
      destination,
    };
  }

  #sink(destination: LogDestination): LogSink {
    const key =
      destination === 'stdout'
        ? 'stdout'
        : 'otlp' in destination
          ? `otlp:${destination.otlp}`
          : `file:${destination.file}`;
    let sink = this.#sinks.get(key);
    if (!sink) {
      sink =
        destination === 'stdout'
          ? new StdoutSink()
          : 'otlp' in destination
            ? new OtlpSink(destination.otlp)
            : new FileSink(destination.file, {
                ...(destination.maxBytes === undefined ? {} : { maxBytes: destination.maxBytes }),
                maxFiles: destination.maxFiles ?? MAX_FILES,
              });
      this.#sinks.set(key, sink);
    }
    return sink;
  }
}

type LogFile = Extract<LogDestination, { readonly file: string }>;

/** The file a destination writes, which a fork can read back (not standard output nor OTLP). */
function logFile(destination: LogDestination | undefined): LogFile | undefined {
  return destination !== undefined && destination !== 'stdout' && 'file' in destination
    ? destination
    : undefined;
}

/** An Express execution of `stateMachine` logs every event with its data: a fork can replay its log. */
function forkable(stateMachine: StateMachineRecord, level: LogLevel, includeExecutionData: boolean): boolean {
  return stateMachine.type === 'EXPRESS' && level === 'ALL' && includeExecutionData;
}

/** `destinations[0].cloudWatchLogsLogGroup.logGroupArn` (AWS allows exactly one destination). */
function logGroupArn(config: JsonObject): string | undefined {
  const destinations = config['destinations'];
  if (!Array.isArray(destinations)) return undefined;
  const first = destinations[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  const group = first['cloudWatchLogsLogGroup'];
  if (typeof group !== 'object' || group === null || Array.isArray(group)) return undefined;
  const arn = group['logGroupArn'];
  return typeof arn === 'string' ? arn : undefined;
}
