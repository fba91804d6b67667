import { setEventSourceFactory } from '@/stores/live';

/**
 * A stand-in for the browser's EventSource (jsdom has none): tests push live events through the real
 * live store with `emit`, as the API would.
 */
export class FakeEventSource extends EventTarget {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    super();
  }

  open() {
    this.onopen?.(new Event('open'));
  }

  emit(name: string, data: Record<string, unknown>, id?: number) {
    this.dispatchEvent(
      new MessageEvent(name, { data: JSON.stringify(data), lastEventId: id === undefined ? '' : String(id) }),
    );
  }

  close() {
    this.closed = true;
  }
}

/** Routes the live store's connections to fakes; `latest()` is the one currently open. */
export function installFakeEventSource() {
  const sources: FakeEventSource[] = [];
  setEventSourceFactory((url) => {
    const source = new FakeEventSource(url);
    sources.push(source);
    return source as unknown as EventSource;
  });
  const latest = () => {
    const source = sources.filter((candidate) => !candidate.closed).at(-1);
    if (!source) throw new Error('No live connection is open: is an access token set?');
    return source;
  };
  return {
    sources,
    latest,
    emit: (name: string, data: Record<string, unknown>, id?: number) => latest().emit(name, data, id),
  };
}
