/**
 * Runs `task` over `items` with at most `limit` in flight. After the first failure no new task
 * starts and the ones in flight finish; the failures are returned, in the order they happened
 * (none: every task succeeded). The caller decides how a failure is reported.
 */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failures;
}
