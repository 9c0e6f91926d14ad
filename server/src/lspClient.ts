// What the server needs from the client side of the connection, typed by message: server.ts
// implements it over a vscode-languageserver connection, tests with a recording client
// (test/unit/testServer.ts). Custom messages are the typed ones of shared/protocol.ts.
import type {
  NotificationType,
  ProgressToken,
  RequestType,
  RequestType0,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
} from 'vscode-languageserver';

export type LogLevel = 'error' | 'warn' | 'info';

export interface LspClient {
  notify<P>(type: NotificationType<P>, params: P): void;
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  /** A request without parameters (the refresh requests). */
  request0<R>(type: RequestType0<R, unknown>): Promise<R>;
  /** `$/progress` for a work-done token the server created. */
  progress(token: ProgressToken, value: WorkDoneProgressBegin | WorkDoneProgressEnd): void;
  log(level: LogLevel, message: string): void;
}
