/** Async-iterates a source with up to `ahead` items fetched in advance (bounded in-flight work). */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead = 1): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let finished = false;
  const fill = () => {
    while (!finished && queue.length < ahead + 1) {
      const next = it.next();
      next.catch(() => undefined); // observed when its turn comes
      queue.push(next);
    }
  };
  try {
    for (;;) {
      fill();
      const result = await queue.shift()!;
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    finished = true;
    await Promise.allSettled(queue);
    await it.return?.(undefined);
  }
}
