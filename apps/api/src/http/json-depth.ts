/** Deeper bodies are refused: no request of the contract nests past a handful of levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep a parsed JSON value nests, counted without recursion and giving up past `limit`, so a hostile
 * 1,500-level body costs a bounded walk instead of overflowing the stack in class-transformer.
 */
export const nestsDeeperThan = (value: unknown, limit = MAX_JSON_DEPTH): boolean => {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let visited = 0; stack.length > 0 && visited < 1_000_000; visited += 1) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
};
