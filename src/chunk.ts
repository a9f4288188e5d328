/**
 * Splitting a list into the batches an AWS API takes at once (DescribeServices ten, DescribeTasks and
 * ECR's image calls a hundred): every capability batches with this one function.
 */

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
