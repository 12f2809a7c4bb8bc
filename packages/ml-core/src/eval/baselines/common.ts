// Shared with the collaborative model, so it lives below eval/.
export { sinkColdItems } from '../../collab/cold.js';

/** Throws unless `fit` ran before scoring. */
export function fitted<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name}: scoreUser called before fit`);
  return value;
}
