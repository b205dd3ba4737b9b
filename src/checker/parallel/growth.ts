import { GrowthSpace, type SharedTable } from './shared-table.ts';

/**
 * The share of the table filled (workers pause at half) from which the coordinator makes
 * the doubled table's memory ready, paced by how full the table is: at 7/16 it starts, and
 * it has written the share (fill - 7/16) * 16 of the pages, so a search that ends before the
 * table grows has made ready only what a slightly larger search would have used (written
 * at full speed from 3/8, a search of Raft default with maxTerm=4 and two values that ended
 * at 42% full would have made 576 MB ready for nothing). The last sixteenth of the capacity
 * takes the workers about three times as long to store as the coordinator takes to write the
 * pages (about 15 microseconds a page of 4 KB, 36 bytes a slot).
 */
const PREPARE_FROM = 7 / 16;
const PREPARE_TO = 1 / 2;
/** Pages written per slice of the coordinator's preparation (about a millisecond): steal requests are served in between. */
const PREPARE_PAGES = 64;
/** How long the preparation waits when it has caught up with the table's fill. */
const PREPARE_WAIT_MS = 5;

/**
 * Watches `table` fill and, from PREPARE_FROM, writes the pages of the memory it will grow
 * into, a slice at a time between the coordinator's other events and no faster than the
 * table fills; `done()` stops it and gives the space, however far it got (undefined if it
 * had not started).
 */
export function prepareInBackground(table: SharedTable): { done(): GrowthSpace | undefined } {
  let space: GrowthSpace | undefined;
  let stopped = false;
  let waiting: NodeJS.Timeout | undefined;
  const slice = () => {
    waiting = undefined;
    if (stopped) return;
    const share = (table.size / table.capacity - PREPARE_FROM) / (PREPARE_TO - PREPARE_FROM);
    if (share > 0) space ??= new GrowthSpace(table.capacity);
    if (space === undefined || space.preparedShare() >= share) waiting = setTimeout(slice, PREPARE_WAIT_MS);
    else if (!space.prepare(PREPARE_PAGES)) setImmediate(slice);
  };
  slice();
  return {
    done: () => {
      stopped = true;
      clearTimeout(waiting);
      return space;
    },
  };
}
