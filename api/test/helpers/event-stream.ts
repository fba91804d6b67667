export interface StreamEvent {
  id: number | undefined;
  event: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

/** A real Server-Sent Events client over fetch, collecting every event it receives. */
export async function openEventStream(baseUrl: string, token: string, lastEventId?: number) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events?access_token=${encodeURIComponent(token)}`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`event stream: ${response.status}`);
  const events: StreamEvent[] = [];
  const listeners = new Set<() => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();

  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const frame = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
          const fields = Object.fromEntries(
            frame
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
          );
          if (!fields.event) continue;
          events.push({
            id: fields.id ? Number(fields.id) : undefined,
            event: fields.event,
            data: fields.data ? JSON.parse(fields.data) : {},
            receivedAt: performance.now(),
          });
          for (const listener of listeners) listener();
        }
      }
    } catch {
      // aborted
    }
  })();

  return {
    events,
    /** Resolves with the first event (already received or to come) that matches. */
    waitFor(predicate: (event: StreamEvent) => boolean, timeoutMs = 5000): Promise<StreamEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((event) => event.event))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    lastId: () => events.filter((event) => event.id !== undefined).at(-1)?.id,
    close: () => controller.abort(),
  };
}

export type EventStream = Awaited<ReturnType<typeof openEventStream>>;
