// How a run ended: part of the trace format (server/src/trace/types.ts re-exports it) and of the
// protocol (runlens/traceFinished, predictions), so it lives here where both sides can import it.

/**
 * ok: the program ran to its end. exception: it raised and did not catch. exit: sys.exit / os._exit.
 * timeout, memory: a limit stopped it. syntax-error: nothing ran. killed: stopped from outside
 * (cancelled, the output limit, a crash). error: the run could not be traced (trace.failure says why).
 */
export type RunStatus = 'ok' | 'exception' | 'exit' | 'timeout' | 'memory' | 'syntax-error' | 'killed' | 'error';
